package io.callstream.deploy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the local stack the way {@code deploy/local.sh} does (its main, in its own JVM, configured
 * by environment variables), with the console captured to a file; stop() sends SIGTERM as Ctrl-C
 * or a service manager would.
 */
final class StackProcess implements AutoCloseable {

    private final Process process;
    private final Path console;

    private StackProcess(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    static StackProcess start(Map<String, String> env, Path console) {
        // The registry distribution lives in the build's Maven repository (failsafe passes its path).
        String mavenRepo = System.getProperty("callstream.maven.repo", "");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Dcallstream.maven.repo=" + mavenRepo,
                "-cp", System.getProperty("java.class.path"), LocalStackMain.class.getName());
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("CALLSTREAM_"));
            pb.environment().putAll(env);
            return new StackProcess(pb.start(), console);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the banner; fails with the console when the stack exits instead. */
    StackProcess awaitUp(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("local stack exited with " + process.exitValue() + ":\n" + console());
            }
            return console().contains("callstream local stack is up");
        });
        return this;
    }

    String console() {
        try {
            return Files.readString(console, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM; returns the exit code, or throws when it does not stop within the timeout. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("local stack did not stop within " + timeout + ":\n" + console());
        }
        return process.exitValue();
    }

    /** Waits for the stack to exit on its own; returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("local stack still running after " + timeout + ":\n" + console());
        }
        return process.exitValue();
    }

    /** Every process the launcher started (registry, services), found before it is gone. */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /**
     * {@link #descendants()} once there are at least {@code count} of them (a scan of {@code /proc} is a
     * snapshot: it is retried for {@code timeout}); fails with each one's command line and the console
     * when there are fewer.
     */
    List<ProcessHandle> awaitDescendants(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> found = descendants();
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = descendants();
        }
        if (found.size() < count) {
            StringBuilder which = new StringBuilder();
            found.forEach(p -> which.append("\n  ").append(p.pid()).append(' ')
                    .append(p.info().commandLine().orElse("(command line unreadable)")));
            throw new AssertionError("expected at least " + count + " processes under the launcher (pid "
                    + process.pid() + "), found " + found.size() + ":" + which + "\nconsole:\n" + console());
        }
        return found;
    }

    /** SIGKILL, as an OOM killer or {@code kill -9} would: the launcher's shutdown hook does not run. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

package io.callstream.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service (ingest or processor) run as a child JVM: {@code java -cp <classpath> <main>} with
 * {@code CALLSTREAM_*} environment variables, its output appended to a log file, ready when its
 * {@code /health/ready} answers 200, stopped with SIGTERM (then SIGKILL after a grace period).
 */
public final class ChildJvm {

    private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);

    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    private final String name;
    private final String mainClass;
    private final String classpath;
    private final List<String> jvmOptions;
    private final Map<String, String> env;
    private final Path logFile;
    private Process process;

    public ChildJvm(String name, String mainClass, String classpath, List<String> jvmOptions,
                    Map<String, String> env, Path logFile) {
        this.name = name;
        this.mainClass = mainClass;
        this.classpath = classpath;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.env = Map.copyOf(env);
        this.logFile = logFile;
    }

    /** Fails with a clear message when the main class is not on this JVM's classpath. */
    public static void requireClass(String mainClass, String what) {
        try {
            Class.forName(mainClass, false, ChildJvm.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(what + " main class " + mainClass + " is not on the classpath;"
                    + " build the project first (mvn -B -DskipTests install) or run deploy/local.sh, which builds");
        }
    }

    public synchronized ChildJvm start() {
        List<String> cmd = new ArrayList<>();
        // Own session: a Ctrl-C in the terminal reaches only the launcher, which stops the services
        // in order (services before the broker they flush to).
        SETSID.ifPresent(s -> cmd.add(s.toString()));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        LOG.info("{} started as pid {} ({}), log {}", name, process.pid(), mainClass, logFile);
        return this;
    }

    /** Polls {@code url} until it answers 200; fails early, with the log's tail, when the process dies. */
    public void awaitReady(String url, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " during startup; last lines of " + logFile + ":\n" + logTail(30));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            pause(200);
        }
        throw new IllegalStateException(name + " was not ready at " + url + " within " + timeout
                + "; last lines of " + logFile + ":\n" + logTail(30));
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not stop within {}; killing it", name, grace);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        LOG.info("{} stopped", name);
        process = null;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

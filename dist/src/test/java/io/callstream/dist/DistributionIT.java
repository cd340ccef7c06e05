package io.callstream.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball {@code mvn package} builds, {@code target/callstream-<version>.tar.gz}: its layout, and
 * its scripts run from a copy unpacked elsewhere (with {@code tar}, as an operator would).
 */
class DistributionIT {

    private static final String VERSION = System.getProperty("callstream.dist.version", "0.1.0-SNAPSHOT");
    private static final Path TARBALL = Path.of(System.getProperty("callstream.dist.tarball",
            "target/callstream-" + VERSION + ".tar.gz"));
    private static final String BASE = "callstream-" + VERSION + "/";
    private static Map<String, Tar.Entry> entries;

    @TempDir
    Path elsewhere;

    @BeforeAll
    static void readTarball() throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(TARBALL)))) {
            entries = Tar.read(in, 64 * 1024);
        }
    }

    @Test
    void shouldHaveAnExecutableLaunchScriptForEveryServiceAndToolWhenPackaged() {
        for (String script : List.of("callstream-ingest", "callstream-processor", "callstream-callbacks",
                "callstream-local-stack", "callstream-setup", "callstream-generate", "callstream-tail",
                "callstream-usersig", "callstream-admin", "callstream-run-class")) {
            Tar.Entry e = entries.get(BASE + "bin/" + script);
            assertThat(e).as(script).isNotNull();
            assertThat(e.executable()).as(script + " executable").isTrue();
            assertThat(e.text()).as(script).startsWith("#!/usr/bin/env bash");
        }
    }

    @Test
    void shouldShipAConfigTemplatePerServiceAndTheJarsWhenPackaged() {
        assertThat(entries).containsKeys(BASE + "config/ingest.properties", BASE + "config/processor.properties",
                BASE + "config/callbacks.properties", BASE + "OPERATIONS.md", BASE + "k8s/base/kustomization.yaml");
        assertThat(entries.keySet()).anyMatch(p -> p.startsWith(BASE + "libs/callstream-ingest-"))
                .anyMatch(p -> p.startsWith(BASE + "libs/callstream-processor-"))
                .anyMatch(p -> p.startsWith(BASE + "libs/callstream-callbacks-"))
                .anyMatch(p -> p.startsWith(BASE + "libs/callstream-deploy-"))
                .anyMatch(p -> p.startsWith(BASE + "libs/kafka-streams-"));
    }

    @Test
    void shouldRunAToolFromACopyUnpackedElsewhereWhenJavaHomeIsSet() throws Exception {
        unpack();
        Path home = elsewhere.resolve(BASE);

        Result help = run(home, Map.of("JAVA_HOME", System.getProperty("java.home")), "bin/callstream-usersig", "--help");
        Result sig = run(home, Map.of("JAVA_OPTS", "-Xmx64m"), "bin/callstream-usersig", "--sdkappid", "1400000001");

        assertThat(help.exit()).isZero();
        assertThat(help.output()).contains("--sdkappid=N");
        assertThat(sig.exit()).isZero();
        assertThat(sig.output().strip()).matches("[A-Za-z0-9*_-]{40,}");
    }

    @Test
    void shouldRefuseAMissingConfigFileWhenAServiceIsStarted() throws Exception {
        unpack();

        Result r = run(elsewhere.resolve(BASE), Map.of(), "bin/callstream-processor", "no-such.properties");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("callstream-processor: no such config file: no-such.properties");
    }

    private void unpack() throws Exception {
        Process tar = new ProcessBuilder("tar", "-xzf", TARBALL.toAbsolutePath().toString(), "-C", elsewhere.toString())
                .inheritIO().start();
        assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path home, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        pb.command().set(0, home.resolve(command[0]).toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("CALLSTREAM_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}

package io.callstream.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.callbacks.CallbacksConfig;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.processor.ProcessorConfig;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image tarball {@code mvn package} builds with Jib ({@code target/callstream-image.tar}, Docker
 * format): its config (entry point, non-root user, the services' ports) and its file system (the Java
 * runtime, the dynamic loader, the user, every service's jar). Where the test runs as root with
 * {@code chroot}, the image's Java runs the entry point from the unpacked layers as the image's user.
 */
class ContainerImageIT {

    private static final Path IMAGE = Path.of(System.getProperty("callstream.image.tarball",
            "target/callstream-image.tar"));
    private static JsonNode config;
    private static Map<String, Tar.Entry> files;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readImage() throws IOException {
        Map<String, Tar.Entry> outer;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(IMAGE))) {
            outer = Tar.read(in, Long.MAX_VALUE);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(outer.get("manifest.json").content()).get(0);
        config = json.readTree(outer.get(manifest.get("Config").asText()).content());
        files = new HashMap<>();
        for (JsonNode layer : manifest.get("Layers")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(outer.get(layer.asText()).content()))) {
                // contents of everything but the application's jars: enough to run the image's Java
                files.putAll(Tar.read(in, (path, size) -> size <= 64 * 1024 || !path.startsWith("app/libs/")));
            }
        }
    }

    @Test
    void shouldStartTheServiceDispatcherWithTheImagesOwnJavaWhenRun() {
        List<String> entrypoint = texts(config.at("/config/Entrypoint"));

        assertThat(entrypoint).first().isEqualTo("/opt/callstream/jre/bin/java");
        assertThat(entrypoint).last().isEqualTo(ServiceMain.class.getName());
        assertThat(entrypoint).contains("-cp");
        assertThat(file(entrypoint.get(0).substring(1)).executable()).isTrue();
        assertThat(file("lib64/ld-linux-x86-64.so.2").executable()).as("the dynamic loader").isTrue();
        assertThat(files).containsKey("opt/callstream/jre/lib/server/libjvm.so");
    }

    @Test
    void shouldRunAsANonRootUserWhenStarted() {
        String user = config.at("/config/User").asText();

        assertThat(user).isEqualTo("10001:10001");
        assertThat(file("etc/passwd").text()).contains("callstream:x:10001:10001:");
        assertThat(file("var/lib/callstream").mode() & 0777).as("the state folder, writable by the user").isEqualTo(0777);
        assertThat(file("tmp").mode() & 0777).isEqualTo(0777);
    }

    @Test
    void shouldExposeEachServicesPortWhenInspected() {
        List<String> ports = new ArrayList<>();
        config.at("/config/ExposedPorts").fieldNames().forEachRemaining(ports::add);

        assertThat(ports).containsExactlyInAnyOrder(
                IngestConfig.DEFAULTS.get(IngestConfig.HTTP_PORT) + "/tcp",
                ProcessorConfig.defaults().get("processor.port") + "/tcp",
                CallbacksConfig.defaults().get("callbacks.http.port") + "/tcp");
        assertThat(texts(config.at("/config/Env"))).contains("CALLSTREAM_STATE_DIR=/var/lib/callstream/state");
    }

    @Test
    void shouldCarryEveryServicesJarWhenBuilt() {
        assertThat(files.keySet().stream().filter(p -> p.startsWith("app/libs/callstream-")))
                .anyMatch(p -> p.startsWith("app/libs/callstream-ingest-"))
                .anyMatch(p -> p.startsWith("app/libs/callstream-processor-"))
                .anyMatch(p -> p.startsWith("app/libs/callstream-callbacks-"))
                .anyMatch(p -> p.startsWith("app/libs/callstream-deploy-"));
    }

    @Test
    void shouldRunTheEntryPointAsTheImageUserWhenUnpackedAndChrooted() throws Exception {
        Path chroot = Path.of("/usr/sbin/chroot");
        assumeTrue(Files.isExecutable(chroot) && "root".equals(System.getProperty("user.name")),
                "needs root and chroot to run the image's file system");
        Path root = tmp.resolve("rootfs");
        Files.createDirectories(root);
        for (Path dir : List.of(tmp, root)) { // the image's user must be able to enter them
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Tar.Entry e : files.values()) {
            Path target = root.resolve(e.path());
            if (e.type() == '5') {
                Files.createDirectories(target);
            } else if (e.type() == '0') {
                Files.createDirectories(target.getParent());
                if (e.content().length == e.size()) {
                    Files.write(target, e.content());
                } else {
                    continue; // large files (jars) are not needed to start the JVM and print the usage
                }
                Files.setPosixFilePermissions(target, permissions(e.mode()));
            }
        }
        // The image's Java and libraries with this machine's kernel; no /proc here, so the runtime's own
        // libraries are found through LD_LIBRARY_PATH instead of $ORIGIN.
        List<String> command = new ArrayList<>(List.of(chroot.toString(), "--userspec=10001:10001", root.toString()));
        command.addAll(texts(config.at("/config/Entrypoint")));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("LD_LIBRARY_PATH", "/opt/callstream/jre/lib");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(out).contains("usage: <image> <service> [args]; services: ingest, processor, callbacks");
        assertThat(p.exitValue()).isEqualTo(2);
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return java.nio.file.attribute.PosixFilePermissions.fromString(s.toString());
    }

    private static Tar.Entry file(String path) {
        assertThat(files).containsKey(path);
        return files.get(path);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

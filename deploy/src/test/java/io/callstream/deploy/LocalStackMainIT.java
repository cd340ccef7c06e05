package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as {@code deploy/local.sh} runs it, in its own JVM, with test stand-ins for the three
 * services: it starts broker, registry and the three children, prints the banner, and a SIGTERM
 * stops all of it within 10 s; a SIGKILL of the launcher leaves no child running.
 */
class LocalStackMainIT {

    @TempDir
    Path data;

    @Test
    void shouldStartEveryPartAndStopThemAllWhenSigtermArrives() throws Exception {
        Map<String, String> env = StackFixtures.environment(data);
        env.put("CALLSTREAM_INGEST_MAIN_CLASS", StandInService.Ingest.class.getName());
        env.put("CALLSTREAM_PROCESSOR_MAIN_CLASS", StandInService.Processor.class.getName());
        env.put("CALLSTREAM_CALLBACKS_MAIN_CLASS", StandInService.Callbacks.class.getName());
        String ingest = "http://127.0.0.1:" + env.get("CALLSTREAM_HTTP_PORT");
        String processor = "http://127.0.0.1:" + env.get("CALLSTREAM_PROCESSOR_PORT");
        String callbacks = "http://127.0.0.1:" + env.get("CALLSTREAM_CALLBACKS_HTTP_PORT");

        try (StackProcess stack = StackProcess.start(env, data.resolve("console.txt"))) {
            stack.awaitUp(Duration.ofMinutes(3));
            List<ProcessHandle> children = stack.awaitDescendants(4, Duration.ofSeconds(10));

            assertThat(stack.console()).contains(ingest + "/callbacks/callkit", processor + "/health/ready",
                    "callbacks  " + callbacks,
                    "127.0.0.1:" + env.get("CALLSTREAM_KAFKA_PORT"),
                    "http://127.0.0.1:" + env.get("CALLSTREAM_REGISTRY_PORT") + "/apis/ccompat/v7",
                    "1400000001", "curl -s -X POST '" + ingest + "/callbacks/callkit?sdkappid=1400000001");
            assertThat(status(ingest + "/health/ready")).isEqualTo(200);
            assertThat(status(processor + "/health/ready")).isEqualTo(200);
            assertThat(status(callbacks + "/health/ready")).isEqualTo(200);
            assertThat(Files.readString(data.resolve("logs/ingest.log")))
                    .contains("with 127.0.0.1:" + env.get("CALLSTREAM_KAFKA_PORT"));

            int exit = stack.stop(Duration.ofSeconds(10));

            assertThat(exit).isIn(0, 143);
            assertThat(children).noneMatch(ProcessHandle::isAlive);
            assertThat(stack.console()).contains("callstream: stopped");
            assertThatThrownBy(() -> status(ingest + "/health/ready")).isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> status(processor + "/health/ready")).isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> status(callbacks + "/health/ready")).isInstanceOf(ConnectException.class);
        }
        assertThat(data.resolve("kafka/meta.properties")).exists();
        assertThat(data.resolve("registry/db.mv.db")).exists();
    }

    @Test
    void shouldLeaveNoChildRunningWhenTheLauncherIsKilled() throws Exception {
        Map<String, String> env = StackFixtures.environment(data);
        env.put("CALLSTREAM_INGEST_MAIN_CLASS", StandInService.Ingest.class.getName());
        env.put("CALLSTREAM_PROCESSOR_MAIN_CLASS", StandInService.Processor.class.getName());
        env.put("CALLSTREAM_CALLBACKS_MAIN_CLASS", StandInService.Callbacks.class.getName());

        try (StackProcess stack = StackProcess.start(env, data.resolve("console.txt"))) {
            stack.awaitUp(Duration.ofMinutes(3));
            List<ProcessHandle> children = stack.awaitDescendants(4, Duration.ofSeconds(10));

            stack.kill();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(children).noneMatch(ProcessHandle::isAlive);
        }
    }

    @Test
    void shouldExitWithTheReasonWhenTheRegistryDies() throws Exception {
        Map<String, String> env = StackFixtures.environment(data);
        env.put("CALLSTREAM_CALLBACKS_MAIN_CLASS", StandInService.Callbacks.class.getName());
        env.put("CALLSTREAM_SERVICES", "callbacks");

        try (StackProcess stack = StackProcess.start(env, data.resolve("console.txt"))) {
            stack.awaitUp(Duration.ofMinutes(3));
            ProcessHandle registry = stack.awaitDescendants(2, Duration.ofSeconds(10)).stream()
                    .filter(p -> p.info().commandLine().orElse("").contains("apicurio")).findFirst()
                    .orElseThrow(() -> new AssertionError("no registry process under the launcher"));

            registry.destroyForcibly();
            int exit = stack.awaitExit(Duration.ofSeconds(30));

            assertThat(exit).isEqualTo(1);
            assertThat(stack.console()).contains("Apicurio Registry", "exited unexpectedly",
                    data.resolve("logs/registry.log").toString());
        }
    }

    @Test
    void shouldExitWithTheReasonWhenAServiceClassIsMissing() throws Exception {
        Map<String, String> env = StackFixtures.environment(data);
        env.put("CALLSTREAM_INGEST_MAIN_CLASS", "io.callstream.nothing.Here");
        env.put("CALLSTREAM_SERVICES", "ingest");

        try (StackProcess stack = StackProcess.start(env, data.resolve("console.txt"))) {
            int exit = stack.awaitExit(Duration.ofMinutes(3));

            assertThat(exit).isEqualTo(1);
            assertThat(stack.console()).contains("failed to start: ingest main class io.callstream.nothing.Here"
                    + " is not on the classpath");
        }
    }

    private static int status(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

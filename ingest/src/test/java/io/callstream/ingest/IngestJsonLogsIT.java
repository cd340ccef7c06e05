package io.callstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.ingest.fixtures.Callbacks;
import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.FreePorts;
import io.callstream.testkit.KafkaBrokerExtension;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code IngestMain} in a child JVM started with {@code CALLSTREAM_LOG_FORMAT=json} against a real broker
 * (the path an operator takes): its whole output is one JSON object per line, and the line about a
 * dead-lettered webhook names the call and the SDKAppID in its {@code mdc}.
 */
class IngestJsonLogsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    static Path logs;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ChildProcess ingest;
    private static String base;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(1, "call-events", "call-events-dlq");
        int port = FreePorts.pick();
        base = "http://127.0.0.1:" + port;
        ingest = ChildProcess.start("ingest", ChildProcess.javaCommand(List.of("-Xmx256m", "-XX:+UseSerialGC"),
                IngestMain.class.getName(), List.of()), null, Map.of(
                "CALLSTREAM_LOG_FORMAT", "json",
                "CALLSTREAM_HTTP_HOST", "127.0.0.1",
                "CALLSTREAM_HTTP_PORT", String.valueOf(port),
                "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "CALLSTREAM_SCHEMA_REGISTRY_URL", "mock://ingest-json-logs-it",
                "CALLSTREAM_SDKAPPIDS", Long.toString(Callbacks.SDK_APP_ID)), logs.resolve("ingest.log"), false);
        ingest.awaitHttp(base + "/health/ready", Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.stop(Duration.ofSeconds(15));
        }
    }

    @Test
    void shouldLogTheCallAndSdkAppIdAsJsonWhenAWebhookIsDeadLettered() throws Exception {
        JsonObject body = Callbacks.startCall("json-logs-1");
        body.remove("UserId");

        HttpResponse<String> answer = post("/callbacks/callkit?sdkappid=" + Callbacks.SDK_APP_ID
                + "&command=caller_start_call&contenttype=json", body.encode());

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode line = await().atMost(Duration.ofSeconds(30)).until(() -> find("json-logs-1"), Optional::isPresent).get();
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("loggerName").asText()).isEqualTo("io.callstream.ingest.http.CallbackHandler");
        assertThat(line.path("mdc").path("sdkAppId").asText()).isEqualTo(Long.toString(Callbacks.SDK_APP_ID));
        assertThat(line.path("formattedMessage").asText()).contains("dead-lettered", "UserId: missing required field");
        assertThat(line.path("timestamp").isIntegralNumber()).isTrue();
    }

    @Test
    void shouldWriteEveryLineAsAJsonObjectWhenStartedWithJsonLogs() {
        List<JsonNode> lines = lines();

        assertThat(lines).isNotEmpty();
        JsonNode listening = lines.stream().filter(l -> l.path("formattedMessage").asText().startsWith("ingest listening"))
                .findFirst().orElseThrow();
        assertThat(listening.path("level").asText()).isEqualTo("INFO");
        assertThat(listening.path("mdc").has("callId")).as("no call is known at startup").isFalse();
        assertThat(listening.path("mdc").has("sdkAppId")).isFalse();
    }

    /** The line whose MDC names {@code callId}. */
    private static Optional<JsonNode> find(String callId) {
        return lines().stream().filter(l -> callId.equals(l.path("mdc").path("callId").asText(null))).findFirst();
    }

    /** Every line of the child's output, each parsed as one JSON object (fails on a line that is not). */
    private static List<JsonNode> lines() {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(ingest.logFile())) {
                if (!line.isBlank()) {
                    JsonNode node = JSON.readTree(line);
                    assertThat(node.isObject()).as("a JSON object: " + line).isTrue();
                    out.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

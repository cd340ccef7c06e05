package io.callstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.ingest.fixtures.Callbacks;
import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.FreePorts;
import io.callstream.testkit.KafkaBrokerExtension;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code IngestMain} as the local stack runs it (a child JVM configured by {@code CALLSTREAM_*}
 * variables, a real broker): it serves the webhook and nothing of another service; the callback
 * configuration API belongs to the callbacks service (docs/callbacks.md).
 */
class IngestMainIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    static Path logs;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ChildProcess ingest;
    private static String base;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(1, "call-events", "call-events-dlq");
        int port = FreePorts.pick();
        base = "http://127.0.0.1:" + port;
        Path log = logs.resolve("ingest.log");
        ingest = ChildProcess.start("ingest", ChildProcess.javaCommand(List.of("-Xmx256m", "-XX:+UseSerialGC"),
                IngestMain.class.getName(), List.of()), null, Map.of(
                "CALLSTREAM_HTTP_HOST", "127.0.0.1",
                "CALLSTREAM_HTTP_PORT", String.valueOf(port),
                "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "CALLSTREAM_SCHEMA_REGISTRY_URL", "mock://ingest-main-it",
                "CALLSTREAM_SDKAPPIDS", Long.toString(Callbacks.SDK_APP_ID)), log, false);
        ingest.awaitHttp(base + "/health/ready", Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.stop(Duration.ofSeconds(15));
        }
    }

    @Test
    void shouldAcknowledgeAWebhookWhenStartedByItsMain() throws Exception {
        HttpResponse<String> answer = post("/callbacks/callkit?sdkappid=" + Callbacks.SDK_APP_ID
                + "&command=caller_start_call&contenttype=json", Callbacks.startCall("ingest-main-1").encode());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
    }

    @Test
    void shouldAnswerNotFoundWhenAskedForTheCallbackConfigurationApi() throws Exception {
        String common = "?sdkappid=" + Callbacks.SDK_APP_ID + "&identifier=administrator&usersig=x&random=1&contenttype=json";

        HttpResponse<String> v4 = post("/v4/call_config/get_callback" + common, "{}");
        HttpResponse<String> legacy = post("/v1/callback/get" + common, "{}");

        assertThat(v4.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(v4.body()).getInteger("ErrorCode")).isEqualTo(40401);
        assertThat(legacy.statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

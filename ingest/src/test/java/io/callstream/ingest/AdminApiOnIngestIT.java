package io.callstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.callbacks.UserSigTool;
import io.callstream.ingest.fixtures.Callbacks;
import io.callstream.testkit.KafkaBrokerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The callback-configuration admin API served by the ingest server, wired by IngestMain: the
 * same port answers call-event webhooks and configuration calls, configuration kept on a real broker.
 */
class AdminApiOnIngestIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String KEY = "it-secret-key";
    private static Vertx vertx;
    private static IngestMain.Running ingest;
    private static WebClient client;

    @BeforeAll
    static void start() {
        Map<String, String> values = new java.util.HashMap<>(IngestMain.defaults());
        values.putAll(Map.of("http.host", "127.0.0.1", "http.port", "0",
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "schema.registry.url", "mock://admin-on-ingest",
                "sdkappids", Long.toString(Callbacks.SDK_APP_ID),
                "callbacks.admins", Callbacks.SDK_APP_ID + ":administrator",
                "callbacks.secret.keys", Callbacks.SDK_APP_ID + ":" + KEY));
        vertx = Vertx.vertx();
        ingest = IngestMain.start(io.callstream.schemas.config.Settings.of(values), vertx);
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    @Test
    void shouldServeConfigurationApiAndWebhooksOnOnePort() throws Exception {
        String query = "?sdkappid=" + Callbacks.SDK_APP_ID + "&identifier=administrator&usersig="
                + UserSigTool.generate(Callbacks.SDK_APP_ID, KEY, "administrator", 86_400, System.currentTimeMillis() / 1000)
                + "&random=" + 12345 + "&contenttype=json";

        JsonObject created = post("/v4/call_config/create_callback" + query, new JsonObject()
                .put("Url", "https://example.com/callback")
                .put("CallbackCommandList", new JsonArray().add("Call.CallbackAfterStartCall"))).bodyAsJsonObject();
        JsonObject read = post("/v4/call_config/get_callback" + query, new JsonObject()).bodyAsJsonObject();
        HttpResponse<Buffer> webhook = post("/callbacks/callkit?sdkappid=" + Callbacks.SDK_APP_ID
                + "&command=caller_start_call&contenttype=json", Callbacks.body("admin-it-" + UUID.randomUUID(), "alice",
                "caller", "start_call"));

        assertThat(created.getString("ActionStatus")).isEqualTo("OK");
        assertThat(created.getInteger("ErrorCode")).isZero();
        assertThat(read.getJsonObject("Response").getString("Url")).isEqualTo("https://example.com/callback");
        assertThat(read.getJsonObject("Response").getJsonArray("CallbackCommandList"))
                .containsExactly("Call.CallbackAfterStartCall");
        assertThat(webhook.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<Buffer> post(String uri, JsonObject body) throws Exception {
        return client.post(ingest.server().port(), "127.0.0.1", uri).putHeader("content-type", "application/json")
                .sendJsonObject(body).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}

package io.callstream.callbacks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.CallbacksService;
import io.callstream.callbacks.admin.AdminClient;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.OpenApiValidator;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The callbacks service as {@code CallbackDeliveryMain} wires it, on a real broker: the callback
 * configuration API, health and metrics on the service's own port; the API can be switched off.
 */
class CallbacksServiceIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CallbacksService service;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(1, "call-events");
        service = CallbacksService.start(config(Map.of()));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static CallbacksConfig config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "schema.registry.url", "mock://callbacks-service-it",
                "callbacks.http.host", "127.0.0.1",
                "callbacks.http.port", "0",
                "callbacks.secret.keys", AdminClient.APP + ":" + AdminClient.KEY));
        values.putAll(overrides);
        return CallbacksConfig.of(values);
    }

    @Test
    void shouldStoreAndReturnTheConfigurationWhenTheAdminApiIsCalledOnTheServicePort() {
        AdminClient admin = new AdminClient(service.port(), Instant.now().getEpochSecond());

        AdminClient.Answer created = admin.post("/v4/call_config/set_callback",
                "{\"Url\":\"https://example.com/callback\",\"CallbackCommandList\":[\"Call.CallbackAfterStartCall\"]}");
        AdminClient.Answer read = admin.post("/v4/call_config/get_callback", "{}");

        assertThat(created.json().getString("ActionStatus")).isEqualTo("OK");
        assertThat(read.json().getJsonObject("Response").getString("Url")).isEqualTo("https://example.com/callback");
        assertThat(read.json().getJsonObject("Response").getJsonArray("CallbackCommandList"))
                .containsExactly("Call.CallbackAfterStartCall");
    }

    @Test
    void shouldSetMinInsyncReplicasOnTheTopicsItCreatesWhenStarting() {
        assertThat(KAFKA.topicMinInsyncReplicas("callback-config")).isEqualTo("1");
        assertThat(KAFKA.topicMinInsyncReplicas("callback-deliveries-dlq")).isEqualTo("1");
        assertThat(KAFKA.topicMinInsyncReplicas("callback-deliveries-retry")).isEqualTo("1");
    }

    @Test
    void shouldAnswerReadyAndServeMetricsWhenDelivering() throws Exception {
        HttpResponse<String> ready = get(service.port(), "/health/ready");
        HttpResponse<String> metrics = get(service.port(), "/metrics");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(metrics.body()).contains("callstream_callback_pending_events");
    }

    @Test
    void shouldAnswerNotFoundForTheAdminApiWhenItIsSwitchedOff() throws Exception {
        try (CallbacksService deliveryOnly = CallbacksService.start(config(Map.of("callbacks.admin.enabled", "false",
                "callbacks.consumer.group", "callbacks-service-it-delivery-only")))) {
            String query = "?sdkappid=" + AdminClient.APP + "&identifier=" + AdminClient.ADMIN + "&usersig="
                    + new AdminClient(deliveryOnly.port(), Instant.now().getEpochSecond()).sig()
                    + "&random=1&contenttype=json";
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + deliveryOnly.port() + "/v4/call_config/get_callback" + query))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(get(deliveryOnly.port(), "/health/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldServeItsOpenApi31DocumentWhenAskedForOpenapi() throws Exception {
        HttpResponse<String> r = get(service.port(), "/openapi");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/yaml");
        OpenApiValidator served = OpenApiValidator.of(r.body());
        assertThat(served.version()).isEqualTo(OpenAPIVersion.V3_1);
        assertThat(served.openapi()).isEqualTo("3.1.0");
        assertThat(r.body()).isEqualTo(OpenApiValidator.forResource("openapi/callbacks.yaml").yaml());
    }

    /** A GET checked against the served OpenAPI document (docs/callbacks.md). */
    private static HttpResponse<String> get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        OpenApiValidator.forResource("openapi/callbacks.yaml").assertExchange("GET", path, null, null, r.statusCode(),
                r.headers().firstValue("Content-Type").orElse(null), r.body());
        return r;
    }
}

package io.callstream.processor.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.processor.Documents;
import io.callstream.testkit.OpenApiValidator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private static final StreamsHealth RUNNING = new StreamsHealth(State.RUNNING, Optional.of(1));

    @Test
    void shouldAnswerReadyOnlyWhenStreamsIsRunning() throws Exception {
        AtomicReference<StreamsHealth> health = new AtomicReference<>(new StreamsHealth(State.REBALANCING, Optional.of(1)));
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, health::get,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(server, "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("REBALANCING");

            health.set(RUNNING);
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldFailLivenessWhenStreamsIsInError() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> new StreamsHealth(State.ERROR, Optional.of(0)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            HttpResponse<String> live = get(server, "/health/live");

            assertThat(live.statusCode()).isEqualTo(503);
            assertThat(live.body()).isEqualTo("{\"status\":\"DOWN\",\"state\":\"ERROR\",\"liveStreamThreads\":0}");
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void shouldFailLivenessWhenNoStreamThreadIsAlive() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> new StreamsHealth(State.RUNNING, Optional.of(0)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void shouldServePrometheusTextWhenMetricsAreScraped() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MicrometerSessionMetrics(registry).alert(io.callstream.avro.MissedReason.BUSY);
        Counter.builder("x").register(registry);
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> RUNNING, registry)) {
            HttpResponse<String> r = get(server, "/metrics");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("callstream_processor_alerts_total{reason=\"BUSY\"} 1.0")
                    .contains("callstream_processor_summaries_total{outcome=\"COMPLETED\"} 0.0");
        }
    }

    @Test
    void shouldRefuseWhenMethodIsNotGet() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> RUNNING,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/health/live")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void shouldServeItsOpenApi31DocumentWhenAskedForOpenapi() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> RUNNING,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            HttpResponse<String> r = get(server, "/openapi");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/yaml");
            OpenApiValidator served = OpenApiValidator.of(r.body());
            assertThat(served.version()).isEqualTo(OpenAPIVersion.V3_1);
            assertThat(served.openapi()).isEqualTo("3.1.0");
            assertThat(r.body()).isEqualTo(OpenApiValidator.forResource("openapi/processor.yaml").yaml());
        }
    }

    /** A GET, checked against the served OpenAPI document. */
    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        Documents.check("GET", r.uri(), null, r);
        return r;
    }
}

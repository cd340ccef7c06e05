package io.callstream.processor.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswerReadyOnlyWhenStreamsIsRunning() throws Exception {
        AtomicBoolean running = new AtomicBoolean(false);
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, running::get, () -> running.get() ? "RUNNING" : "REBALANCING",
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(server, "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("REBALANCING");

            running.set(true);
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldServePrometheusTextWhenMetricsAreScraped() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MicrometerSessionMetrics(registry).alert(io.callstream.avro.MissedReason.BUSY);
        Counter.builder("x").register(registry);
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> true, () -> "RUNNING", registry)) {
            HttpResponse<String> r = get(server, "/metrics");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("callstream_processor_alerts_total{reason=\"BUSY\"} 1.0")
                    .contains("callstream_processor_summaries_total{outcome=\"COMPLETED\"} 0.0");
        }
    }

    @Test
    void shouldRefuseWhenMethodIsNotGet() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> true, () -> "RUNNING",
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/health/live")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(405);
        }
    }

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package io.callstream.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.deploy.traffic.CallFactory;
import io.callstream.deploy.traffic.Scenario;
import io.callstream.deploy.traffic.WebhookRequest;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Every metric the Grafana dashboard and the Prometheus alert rules of {@code deploy/observability} name
 * exists in the real {@code /metrics} of ingest, processor and callbacks, run here on a real broker and
 * registry after a little traffic (a dashboard or rule naming a metric no service exposes shows nothing,
 * silently: this test makes it fail instead).
 */
class ObservabilityMetricsIT {

    static final Path OBSERVABILITY = Path.of(System.getProperty("callstream.root", "..")).resolve("deploy/observability");
    /** Names we own or bind (ours, Kafka clients', the JVM's); anything else in an expression is PromQL. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:callstream|kafka|jvm|process|system)_[a-zA-Z0-9_:]+)");

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldFindEveryDashboardAndRuleMetricWhenTheServicesAreScraped() throws Exception {
        Set<String> referenced = new TreeSet<>(dashboardMetrics());
        referenced.addAll(ruleMetrics());
        assertThat(referenced).contains("callstream_ingest_requests_total", "callstream_processor_streams_running",
                "callstream_callback_endpoints_disabled_total", "callstream_ingest_registry_reachable",
                "kafka_consumer_fetch_manager_records_lag", "jvm_memory_used_bytes", "callstream_build_info");

        try (ThreeServices services = ThreeServices.start(KAFKA, REGISTRY, stateDir)) {
            int ingestPort = services.ingest.port();
            // traffic, so that the per-request meters exist: one accepted webhook, one rejected (400, dead-lettered)
            WebhookRequest ok = new CallFactory(1, "observability", Instant.now().getEpochSecond() - 60, 10)
                    .next(Scenario.ANSWERED).webhooks().get(0);
            await().atMost(Duration.ofSeconds(90)).until(() -> post(ingestPort, ok.pathAndQuery(1_400_000_001L), ok.body()) == 200);
            assertThat(post(ingestPort, "/callbacks/callkit?sdkappid=1400000001&command=caller_start_call&contenttype=json",
                    "{\"CallId\":\"c\",\"Event\":\"start_call\",\"EventTime\":1704695566}")).isEqualTo(400);
            Collection<Integer> ports = services.ports().values();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                System.gc(); // the GC meters are registered at the first collection they hear of
                Set<String> exposed = new TreeSet<>();
                for (int port : ports) {
                    exposed.addAll(scrape(port));
                }
                assertThat(exposed).as("metrics exposed by ingest, processor and callbacks")
                        .containsAll(referenced);
            });
        }
    }

    /** The metric names in every {@code expr} of the dashboard's panels. */
    static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(OBSERVABILITY.resolve("grafana-dashboard.json").toFile());
        Set<String> out = new TreeSet<>();
        dashboard.findValues("expr").forEach(e -> out.addAll(metricsIn(e.asText())));
        return out;
    }

    /** The metric names in every rule's {@code expr}. */
    @SuppressWarnings("unchecked")
    static Set<String> ruleMetrics() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(OBSERVABILITY.resolve("prometheus-rules.yml")));
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                out.addAll(metricsIn((String) rule.get("expr")));
            }
        }
        return out;
    }

    static Set<String> metricsIn(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(expr.replaceAll("\"[^\"]*\"", "\"\"")); // label values are not metric names
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The metric names of one Prometheus text exposition (samples, so histograms show their _bucket/_sum/_count). */
    private Set<String> scrape(int port) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Set<String> out = new TreeSet<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split("[{ ]", 2)[0]);
            }
        }
        return out;
    }

    private int post(int port, String pathAndQuery, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

package io.callstream.dist;

import static io.callstream.dist.Manifests.containers;
import static io.callstream.dist.Manifests.map;
import static io.callstream.dist.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes of {@code deploy/k8s} against the real services: ingest, processor and callbacks run
 * here on a real broker and registry, and every liveness and readiness path the manifests declare
 * answers 200 once the service is up (a path a service does not serve would answer 404).
 */
class KubernetesProbesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswerEveryManifestProbeWhenTheServicesRun() throws Exception {
        List<Manifests.Doc> manifests = Manifests.load(Manifests.K8S.resolve("base"));
        try (ThreeServices services = ThreeServices.start(KAFKA, REGISTRY, stateDir)) {
            Map<String, Integer> ports = services.ports();
            int probed = 0;
            for (Manifests.Doc w : manifests) {
                if (!List.of("Deployment", "StatefulSet").contains(w.kind())) {
                    continue;
                }
                Map<String, Object> c = containers(w).get(0);
                int port = ports.get(service(c));
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    String path = (String) map(map(c, probe), "httpGet").get("path");
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                            .untilAsserted(() -> assertThat(status(port, path)).as(w.name() + " " + probe + " " + path)
                                    .isEqualTo(200));
                    probed++;
                }
                assertThat(status(port, "/health/nope")).as("an unknown path").isEqualTo(404);
            }
            assertThat(probed).isEqualTo(6);
        }
    }

    private int status(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

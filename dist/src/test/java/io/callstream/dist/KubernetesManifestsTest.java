package io.callstream.dist;

import static io.callstream.dist.Manifests.containers;
import static io.callstream.dist.Manifests.env;
import static io.callstream.dist.Manifests.list;
import static io.callstream.dist.Manifests.map;
import static io.callstream.dist.Manifests.podSpec;
import static io.callstream.dist.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.schemas.config.Settings;
import io.callstream.schemas.registry.RegistryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/k8s} checked structurally, as CI can without a cluster: every document parses and has
 * a kind; the base declares what the services need; every {@code CALLSTREAM_*} variable names a key the
 * container's service really reads (derived from its config loader, and Kafka's own config names for
 * {@code CALLSTREAM_KAFKA_*}); ports and probes match the services' configured ports. That the probe
 * paths answer is {@link KubernetesProbesIT}'s part, against the running services.
 */
class KubernetesManifestsTest {

    private static final Set<String> OTHER_ENV = Set.of("POD_NAME", "JAVA_TOOL_OPTIONS");
    private static final Set<String> KAFKA_KEYS = kafkaKeys();
    private static List<Manifests.Doc> base;
    private static List<Manifests.Doc> all;

    @BeforeAll
    static void load() throws IOException {
        base = Manifests.load(Manifests.K8S.resolve("base"));
        all = Manifests.load(Manifests.K8S);
    }

    @Test
    void shouldGiveEveryDocumentAnApiVersionAndKindWhenParsed() {
        assertThat(all).hasSizeGreaterThan(10);
        for (Manifests.Doc d : all) {
            assertThat(d.body()).as(d.file() + " " + d.body().get("metadata")).containsKeys("apiVersion", "kind");
        }
        assertThat(base.stream().map(Manifests.Doc::kind).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "Kustomization", "ConfigMap", "Job", "Deployment", "StatefulSet", "Service", "HorizontalPodAutoscaler",
                "PodDisruptionBudget");
    }

    @Test
    void shouldListEveryBaseFileInTheKustomizationWhenBuilt() throws IOException {
        Manifests.Doc k = kustomization("base");
        Set<String> files;
        try (var s = Files.list(Manifests.K8S.resolve("base"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("kustomization.yaml"))
                    .collect(Collectors.toSet());
        }

        assertThat(Manifests.<String>list(k.body(), "resources")).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void shouldPointTheOverlayAtExistingResourcesAndTheBaseImageWhenBuilt() {
        Manifests.Doc k = kustomization("overlays/example");
        for (String r : Manifests.<String>list(k.body(), "resources")) {
            assertThat(k.file().getParent().resolve(r)).as(r).exists();
        }
        Set<String> images = workloads().stream().flatMap(w -> containers(w).stream())
                .map(c -> (String) c.get("image")).collect(Collectors.toSet());
        List<Map<String, Object>> overlayImages = list(k.body(), "images");
        assertThat(overlayImages).extracting(i -> i.get("name")).containsExactlyElementsOf(images);
        for (Map<String, Object> r : Manifests.<Map<String, Object>>list(k.body(), "replicas")) {
            assertThat(workloads()).extracting(Manifests.Doc::name).contains((String) r.get("name"));
        }
    }

    @Test
    void shouldScaleAndProtectIngestWhenDeployed() {
        Manifests.Doc ingest = doc("Deployment", "callstream-ingest");
        Manifests.Doc hpa = doc("HorizontalPodAutoscaler", "callstream-ingest");
        Manifests.Doc pdb = doc("PodDisruptionBudget", "callstream-ingest");

        assertThat(map(map(hpa.body(), "spec"), "scaleTargetRef")).containsEntry("kind", "Deployment")
                .containsEntry("name", "callstream-ingest");
        assertThat(map(map(pdb.body(), "spec"), "selector").get("matchLabels")).isEqualTo(podLabels(ingest));
        assertThat(serviceSelecting(ingest)).isNotNull();
        assertThat(service(containers(ingest).get(0))).isEqualTo("ingest");
    }

    @Test
    void shouldKeepProcessorStateOnAVolumeWithStandbysAndAStableAddressWhenDeployed() {
        Manifests.Doc processor = doc("StatefulSet", "callstream-processor");
        Map<String, Object> container = containers(processor).get(0);
        Map<String, String> env = env(container);
        String headless = (String) map(processor.body(), "spec").get("serviceName");
        Manifests.Doc headlessService = doc("Service", headless);
        String claim = (String) map(Manifests.<Map<String, Object>>list(map(processor.body(), "spec"),
                "volumeClaimTemplates").get(0), "metadata").get("name");
        List<Map<String, Object>> mounts = list(container, "volumeMounts");
        String stateMount = mounts.stream().filter(m -> claim.equals(m.get("name"))).map(m -> (String) m.get("mountPath"))
                .findFirst().orElseThrow();

        assertThat(service(container)).isEqualTo("processor");
        assertThat(map(headlessService.body(), "spec")).containsEntry("clusterIP", "None");
        assertThat(env.get(Settings.envName("state.dir"))).startsWith(stateMount + "/");
        assertThat(Integer.parseInt(env.get("CALLSTREAM_KAFKA_NUM_STANDBY_REPLICAS"))).isPositive();
        assertThat(env.get("CALLSTREAM_KAFKA_APPLICATION_SERVER"))
                .isEqualTo("$(POD_NAME)." + headless + ":" + configuredPort(container));
        List<String> names = List.copyOf(env.keySet());
        assertThat(names.indexOf("POD_NAME")).as("POD_NAME is defined before it is used")
                .isLessThan(names.indexOf("CALLSTREAM_KAFKA_APPLICATION_SERVER"));
        Map<String, Object> podName = Manifests.<Map<String, Object>>list(container, "env").stream()
                .filter(e -> "POD_NAME".equals(e.get("name"))).findFirst().orElseThrow();
        assertThat(map(map(podName, "valueFrom"), "fieldRef")).containsEntry("fieldPath", "metadata.name");
        assertThat(doc("PodDisruptionBudget", "callstream-processor")).isNotNull();
    }

    @Test
    void shouldRunCallbacksAndTheSetupJobWhenDeployed() {
        assertThat(service(containers(doc("Deployment", "callstream-callbacks")).get(0))).isEqualTo("callbacks");
        assertThat(serviceSelecting(doc("Deployment", "callstream-callbacks"))).isNotNull();
        Manifests.Doc setup = doc("Job", "callstream-setup");
        assertThat(Manifests.<Object>list(Manifests.initContainers(setup).get(0), "args"))
                .containsExactly("admin", "topics", "create");
        assertThat(Manifests.<Object>list(containers(setup).get(0), "args")).containsExactly("admin", "schemas", "register");
        assertThat(ServiceMain.MAIN_CLASSES).containsKeys("ingest", "processor", "callbacks", "admin");
    }

    @Test
    void shouldNameOnlyRealConfigKeysWhenEnvironmentVariablesAreSet() {
        for (Manifests.Doc w : workloads()) {
            for (Map<String, Object> c : containers(w)) {
                String service = service(c);
                for (String name : env(c).keySet()) {
                    assertThat(name.startsWith(Settings.ENV_PREFIX) ? isRealKey(service, name) : OTHER_ENV.contains(name))
                            .as(w.name() + ": " + name + " is a key " + service + " reads").isTrue();
                }
            }
        }
    }

    @Test
    void shouldLogJsonFromEveryServiceWhenDeployed() {
        Map<String, Object> data = map(doc("ConfigMap", "callstream").body(), "data");
        assertThat(data.get("log.format")).isEqualTo("json");
        for (Manifests.Doc service : List.of(doc("Deployment", "callstream-ingest"),
                doc("StatefulSet", "callstream-processor"), doc("Deployment", "callstream-callbacks"))) {
            String name = service.name();
            Map<String, Object> logFormat = Manifests.<Map<String, Object>>list(containers(service).get(0),
                    "env").stream().filter(e -> Settings.envName("log.format").equals(e.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " sets no " + Settings.envName("log.format")));
            assertThat(map(map(logFormat, "valueFrom"), "configMapKeyRef")).as(name)
                    .containsEntry("name", "callstream").containsEntry("key", "log.format");
        }
    }

    @Test
    void shouldReadOnlyConfigMapKeysThatExistWhenEnvComesFromTheConfigMap() {
        Map<String, Object> data = map(doc("ConfigMap", "callstream").body(), "data");
        for (Manifests.Doc w : workloads()) {
            for (Map<String, Object> c : containers(w)) {
                for (Map<String, Object> e : Manifests.<Map<String, Object>>list(c, "env")) {
                    Map<String, Object> ref = map(map(e, "valueFrom"), "configMapKeyRef");
                    if (!ref.isEmpty()) {
                        assertThat(ref.get("name")).isEqualTo("callstream");
                        assertThat(data).as(w.name() + " reads " + ref.get("key")).containsKey((String) ref.get("key"));
                    }
                }
            }
        }
    }

    @Test
    void shouldProbeAndServeTheServicesConfiguredPortWhenDeployed() {
        for (Manifests.Doc w : workloads()) {
            if (w.kind().equals("Job")) {
                continue;
            }
            Map<String, Object> c = containers(w).get(0);
            int port = configuredPort(c);
            Map<String, Object> containerPort = Manifests.<Map<String, Object>>list(c, "ports").get(0);

            assertThat(containerPort.get("containerPort")).as(w.name()).isEqualTo(port);
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                Map<String, Object> get = map(map(c, probe), "httpGet");
                assertThat(get.get("path")).as(w.name() + " " + probe)
                        .isEqualTo(probe.equals("livenessProbe") ? "/health/live" : "/health/ready");
                assertThat(resolvePort(get.get("port"), c)).as(w.name() + " " + probe + " port").isEqualTo(port);
            }
            Manifests.Doc svc = serviceSelecting(w);
            Map<String, Object> svcPort = Manifests.<Map<String, Object>>list(map(svc.body(), "spec"), "ports").get(0);
            assertThat(resolvePort(svcPort.get("targetPort"), c)).as(svc.name() + " targetPort").isEqualTo(port);
        }
    }

    /** The port the container's service listens on: its env override, else the loader's default. */
    static int configuredPort(Map<String, Object> container) {
        String service = service(container);
        String key = Manifests.portKey(service);
        String fromEnv = env(container).get(Settings.envName(key));
        return Integer.parseInt(fromEnv != null ? fromEnv : Manifests.defaultsOf(service).get(key));
    }

    private static int resolvePort(Object port, Map<String, Object> container) {
        if (port instanceof Integer i) {
            return i;
        }
        return Manifests.<Map<String, Object>>list(container, "ports").stream().filter(p -> port.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    private static boolean isRealKey(String service, String envName) {
        if (envName.equals(Settings.CONFIG_FILE_ENV)) {
            return true;
        }
        if (Manifests.defaultsOf(service).keySet().stream().anyMatch(k -> Settings.envName(k).equals(envName))) {
            return true;
        }
        String registryPrefix = Settings.ENV_PREFIX + "SCHEMA_REGISTRY_";
        if (envName.startsWith(registryPrefix)) {
            return RegistryConfig.CLIENT_KEYS.contains(envName.substring(Settings.ENV_PREFIX.length())
                    .toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        String kafkaPrefix = Settings.ENV_PREFIX + "KAFKA_";
        return envName.startsWith(kafkaPrefix) && KAFKA_KEYS.contains(
                envName.substring(kafkaPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
    }

    private static Set<String> kafkaKeys() {
        Set<String> keys = new HashSet<>(StreamsConfig.configDef().names());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return keys;
    }

    static List<Manifests.Doc> workloads() {
        return base.stream().filter(d -> Set.of("Deployment", "StatefulSet", "Job").contains(d.kind())).toList();
    }

    private static Object podLabels(Manifests.Doc workload) {
        return map(map(map(workload.body(), "spec"), "template"), "metadata").get("labels");
    }

    private static Manifests.Doc serviceSelecting(Manifests.Doc workload) {
        return base.stream().filter(d -> d.kind().equals("Service"))
                .filter(d -> map(d.body(), "spec").get("selector").equals(podLabels(workload)))
                .findFirst().orElseThrow(() -> new AssertionError("no Service selects " + workload.name()));
    }

    private static Manifests.Doc doc(String kind, String name) {
        return base.stream().filter(d -> d.kind().equals(kind) && name.equals(d.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s/base"));
    }

    private static Manifests.Doc kustomization(String dir) {
        Path file = Manifests.K8S.resolve(dir).resolve("kustomization.yaml");
        return all.stream().filter(d -> d.file().equals(file)).findFirst().orElseThrow();
    }

    static List<Map<String, Object>> podSpecs() {
        return workloads().stream().map(Manifests::podSpec).toList();
    }
}

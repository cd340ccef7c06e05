package io.callstream.dist;

import io.callstream.callbacks.CallbacksConfig;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.processor.ProcessorConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests under {@code deploy/k8s}, parsed with SnakeYAML: every document of every
 * file, and helpers to walk them (workloads, containers, env, probes). The services' own config
 * loaders say which keys and ports are real.
 */
final class Manifests {

    static final Path K8S = Path.of(System.getProperty("callstream.root", "..")).resolve("deploy/k8s");

    /** One parsed document and the file it came from. */
    record Doc(Path file, Map<String, Object> body) {
        String kind() {
            return (String) body.get("kind");
        }

        String name() {
            return (String) map(body, "metadata").get("name");
        }
    }

    private Manifests() {
    }

    /** Every document of every {@code .yaml} file under {@code dir}. */
    static List<Doc> load(Path dir) throws IOException {
        List<Doc> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader r = Files.newBufferedReader(f)) {
                    for (Object o : new Yaml(new LoaderOptions()).loadAll(r)) {
                        if (o != null) {
                            docs.add(new Doc(f, cast(o)));
                        }
                    }
                }
            }
        }
        return docs;
    }

    /** The built-in defaults of what a container runs (its first arg), from that service's config loader. */
    static Map<String, String> defaultsOf(String service) {
        return switch (service) {
            case "ingest" -> IngestConfig.DEFAULTS;
            case "processor" -> ProcessorConfig.defaults();
            case "callbacks" -> CallbacksConfig.defaults();
            case "setup", "admin" -> StackConfig.defaults();
            default -> throw new AssertionError("no config loader known for '" + service + "'");
        };
    }

    /** The key of a service's HTTP port. */
    static String portKey(String service) {
        return switch (service) {
            case "ingest" -> IngestConfig.HTTP_PORT;
            case "processor" -> "processor.port";
            case "callbacks" -> "callbacks.http.port";
            default -> throw new AssertionError(service + " serves no HTTP");
        };
    }

    /** The pod spec of a Deployment, StatefulSet or Job. */
    static Map<String, Object> podSpec(Doc workload) {
        return map(map(map(workload.body(), "spec"), "template"), "spec");
    }

    /** The containers of a workload, then its init containers. */
    static List<Map<String, Object>> containers(Doc workload) {
        List<Map<String, Object>> all = new java.util.ArrayList<>(list(podSpec(workload), "containers"));
        all.addAll(initContainers(workload));
        return all;
    }

    static List<Map<String, Object>> initContainers(Doc workload) {
        return list(podSpec(workload), "initContainers");
    }

    static String service(Map<String, Object> container) {
        List<Object> args = list(container, "args");
        return (String) args.get(0);
    }

    /** Env var name → its literal value (null when it comes from valueFrom). */
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Map<String, Object> e : Manifests.<Map<String, Object>>list(container, "env")) {
            env.put((String) e.get("name"), e.get("value") == null ? null : e.get("value").toString());
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? Map.of() : (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? List.of() : (List<T>) v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) Objects.requireNonNull(o);
    }
}

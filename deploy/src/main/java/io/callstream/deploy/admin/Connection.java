package io.callstream.deploy.admin;

import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.config.Settings;
import io.callstream.schemas.registry.RegistryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a command finds the cluster and the registry: the local stack's keys ({@link StackConfig}:
 * {@code kafka.bootstrap.servers}, {@code kafka.*} client settings such as SASL/TLS,
 * {@code schema.registry.*}, {@code topic.*}), from {@code --config} or {@code CALLSTREAM_CONFIG},
 * then the environment; {@code --bootstrap-server} and {@code --registry-url} win over both.
 */
public final class Connection {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (default: $CALLSTREAM_CONFIG).")
    Path config;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: kafka.bootstrap.servers, else the local stack's 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Schema registry URL (default: schema.registry.url, else the local stack's).")
    String registryUrl;

    /** The settings: defaults → file → environment → these options. */
    Settings settings() {
        return settings(System.getenv());
    }

    Settings settings(Map<String, String> env) {
        Optional<Path> file = Optional.ofNullable(config)
                .or(() -> Optional.ofNullable(env.get(Settings.CONFIG_FILE_ENV)).filter(s -> !s.isBlank()).map(Path::of));
        file.filter(f -> !Files.isRegularFile(f)).ifPresent(f -> {
            throw new IllegalArgumentException("no such config file: " + f);
        });
        Settings s = Settings.load(StackConfig.defaults(), file, env);
        Map<String, String> overrides = new HashMap<>();
        if (bootstrapServers != null) {
            overrides.put("kafka.bootstrap.servers", bootstrapServers);
        }
        if (registryUrl != null) {
            overrides.put(RegistryConfig.URL, registryUrl);
        }
        return s.with(overrides);
    }

    StackConfig stack() {
        return StackConfig.from(settings());
    }

    /** Kafka client settings: bootstrap servers plus every {@code kafka.*} key (security included). */
    Map<String, Object> kafkaClient() {
        return stack().kafkaClient();
    }

    /** Registry client settings: the URL (the local stack's when unset), credentials, TLS. */
    Map<String, Object> registryClient() {
        return stack().registryClient();
    }
}

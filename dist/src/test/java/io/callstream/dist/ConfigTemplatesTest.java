package io.callstream.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.callstream.callbacks.CallbacksConfig;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.processor.ProcessorConfig;
import io.callstream.schemas.config.Settings;
import io.callstream.schemas.registry.RegistryConfig;
import io.callstream.schemas.serde.AvroSerdeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The distribution's {@code config/<service>.properties} against the services' own config loaders:
 * every key a loader knows is in its template with its real default, the template names no key the
 * service does not read, and the loader accepts the template as it ships.
 */
class ConfigTemplatesTest {

    private static final Path CONFIG = Path.of("src/dist/config");
    /** {@code key=value} or {@code #key=value}; prose comments start with "# ". */
    private static final Pattern SETTING = Pattern.compile("^(#?)([a-z][a-z0-9.\\-]*)=(.*)$");
    private static final Set<String> REGISTRY_CREDENTIALS = Set.of(RegistryConfig.BASIC_AUTH_USER_INFO,
            RegistryConfig.BEARER_AUTH_TOKEN);
    private static final Set<String> SERDE_KEYS = Set.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            AvroSerdeConfig.USE_LATEST_VERSION);

    @Test
    void shouldListEveryIngestKeyWithItsDefaultWhenTheTemplateIsRead() throws IOException {
        assertCovers("ingest.properties", IngestConfig.DEFAULTS);
        assertReadsOnly("ingest.properties", IngestConfig.DEFAULTS, union(REGISTRY_CREDENTIALS, SERDE_KEYS));
        assertThatCode(() -> IngestConfig.from(load("ingest.properties", IngestConfig.DEFAULTS))).doesNotThrowAnyException();
    }

    @Test
    void shouldListEveryProcessorKeyWithItsDefaultWhenTheTemplateIsRead() throws IOException {
        assertCovers("processor.properties", ProcessorConfig.defaults());
        assertReadsOnly("processor.properties", ProcessorConfig.defaults(), SERDE_KEYS);
        assertThatCode(() -> ProcessorConfig.from(load("processor.properties", ProcessorConfig.defaults())))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldListEveryCallbacksKeyWithItsDefaultWhenTheTemplateIsRead() throws IOException {
        assertCovers("callbacks.properties", CallbacksConfig.defaults());
        assertReadsOnly("callbacks.properties", CallbacksConfig.defaults(), Set.of());
        assertThatCode(() -> CallbacksConfig.from(load("callbacks.properties", CallbacksConfig.defaults())))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldListEveryLocalStackKeyWithItsDefaultWhenTheTemplateIsRead() throws IOException {
        assertCovers("local-stack.properties", StackConfig.defaults());
        assertReadsOnly("local-stack.properties", StackConfig.defaults(), Set.of());
        assertThatCode(() -> StackConfig.from(load("local-stack.properties", StackConfig.defaults())))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldNameOnlyKeysTheSetupToolReadsWhenTheTemplateIsRead() throws IOException {
        Map<String, Line> lines = settings("setup.properties");
        assertReadsOnly("setup.properties", StackConfig.defaults(), REGISTRY_CREDENTIALS);
        lines.forEach((key, line) -> {
            if (line.commented() && StackConfig.defaults().containsKey(key)) {
                assertThat(line.value()).as("setup.properties: the default of " + key)
                        .isEqualTo(StackConfig.defaults().get(key));
            }
        });
        StackConfig setup = StackConfig.from(load("setup.properties", StackConfig.defaults()));
        assertThat(setup.embeddedKafka()).as("the template names a cluster").isFalse();
    }

    /** Every default key appears once; a commented line shows exactly the built-in default. */
    private static void assertCovers(String file, Map<String, String> defaults) throws IOException {
        Map<String, Line> lines = settings(file);
        for (Map.Entry<String, String> d : defaults.entrySet()) {
            assertThat(lines).as(file + " lists " + d.getKey()).containsKey(d.getKey());
            Line line = lines.get(d.getKey());
            if (line.commented()) {
                assertThat(line.value()).as(file + ": the default of " + d.getKey()).isEqualTo(d.getValue());
            }
        }
    }

    /** No key in the template that the service would ignore. */
    private static void assertReadsOnly(String file, Map<String, String> defaults, Set<String> optional)
            throws IOException {
        for (String key : settings(file).keySet()) {
            assertThat(defaults.containsKey(key) || optional.contains(key) || key.startsWith("kafka.")
                    || key.startsWith("schema.registry."))
                    .as(file + ": " + key + " is a key the service reads").isTrue();
        }
    }

    private static Settings load(String file, Map<String, String> defaults) {
        return Settings.load(defaults, Optional.of(CONFIG.resolve(file)), Map.of());
    }

    private record Line(boolean commented, String value) {
    }

    private static Map<String, Line> settings(String file) throws IOException {
        Map<String, Line> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(CONFIG.resolve(file));
        for (String l : lines) {
            Matcher m = SETTING.matcher(l);
            if (m.matches()) {
                Line previous = out.put(m.group(2), new Line(!m.group(1).isEmpty(), m.group(3)));
                assertThat(previous).as(file + ": " + m.group(2) + " appears once").isNull();
            }
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}

package io.callstream.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    private static final Map<String, String> DEFAULTS = Map.of(
            "http.port", "8080", "sdkappids", "", "session.idle.timeout", "2h", "kafka.acks", "all");

    @TempDir
    Path dir;

    @Test
    void shouldLetFileOverrideDefaultsAndEnvironmentOverrideFile() throws Exception {
        Path file = dir.resolve("ingest.properties");
        Files.writeString(file, "http.port=9000\nsdkappids=1,2\n");

        Settings s = Settings.load(DEFAULTS, Optional.of(file), Map.of("CALLSTREAM_HTTP_PORT", "9100"));

        assertThat(s.integer("http.port")).isEqualTo(9100);
        assertThat(s.list("sdkappids")).containsExactly("1", "2");
        assertThat(s.duration("session.idle.timeout")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void shouldPassUnknownKafkaEnvironmentVariablesAsKafkaKeys() {
        Settings s = Settings.load(DEFAULTS, Optional.empty(), Map.of(
                "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", "b:9092", "CALLSTREAM_KAFKA_LINGER_MS", "5",
                "CALLSTREAM_KAFKA_ACKS", "1", "OTHER_VAR", "x"));

        assertThat(s.withPrefix("kafka.")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "b:9092", "linger.ms", "5", "acks", "1"));
    }

    @Test
    void shouldPassRegistryCredentialsAndTlsWhenSetInTheEnvironment() {
        Settings s = Settings.load(DEFAULTS, Optional.empty(), Map.of(
                "CALLSTREAM_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "fred:pw",
                "CALLSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/etc/ca.p12",
                "CALLSTREAM_BEARER_AUTH_TOKEN", "tok"));

        assertThat(s.withPrefix("schema.registry.")).containsEntry("basic.auth.user.info", "fred:pw")
                .containsEntry("ssl.truststore.location", "/etc/ca.p12");
        assertThat(s.optional("bearer.auth.token")).contains("tok");
        assertThat(s.toString()).doesNotContain("fred:pw").doesNotContain("tok,").contains("/etc/ca.p12");
    }

    @Test
    void shouldNameKeyAndEnvironmentVariableWhenRequiredSettingIsMissing() {
        Settings s = Settings.load(DEFAULTS, Optional.empty(), Map.of());

        assertThatThrownBy(() -> s.string("schema.registry.url"))
                .hasMessageContaining("schema.registry.url").hasMessageContaining("CALLSTREAM_SCHEMA_REGISTRY_URL");
        assertThatThrownBy(() -> s.string("sdkappids")).hasMessageContaining("CALLSTREAM_SDKAPPIDS");
    }

    @Test
    void shouldExplainWhenValueHasWrongType() {
        Settings s = Settings.of(Map.of("http.port", "eighty", "t", "soon", "b", "yes"));

        assertThatThrownBy(() -> s.integer("http.port")).hasMessageContaining("integer").hasMessageContaining("eighty");
        assertThatThrownBy(() -> s.duration("t")).hasMessageContaining("duration");
        assertThatThrownBy(() -> s.bool("b")).hasMessageContaining("true or false");
    }

    @Test
    void shouldParseDurationUnits() {
        Settings s = Settings.of(Map.of("a", "250", "b", "250ms", "c", "10s", "d", "3m", "e", "1d"));

        assertThat(s.duration("a")).isEqualTo(Duration.ofMillis(250));
        assertThat(s.duration("b")).isEqualTo(Duration.ofMillis(250));
        assertThat(s.duration("c")).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.duration("d")).isEqualTo(Duration.ofMinutes(3));
        assertThat(s.duration("e")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void shouldMaskSecretsWhenPrinted() {
        Settings s = Settings.of(Map.of("kafka.sasl.jaas.config", "user=\"x\" password=\"hunter2\"",
                "basic.auth.user.info", "fred:pw", "ingest.signature.key", "k3y", "http.port", "8080"));

        assertThat(s.toString()).doesNotContain("hunter2").doesNotContain("fred:pw").doesNotContain("k3y")
                .contains("http.port=8080");
    }

    @Test
    void shouldMapKeysToUpperSnakeEnvironmentNames() {
        assertThat(Settings.envName("kafka.bootstrap.servers")).isEqualTo("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(Settings.envName("topic.call-events")).isEqualTo("CALLSTREAM_TOPIC_CALL_EVENTS");
    }
}

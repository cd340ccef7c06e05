package io.callstream.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.schemas.config.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "kafka.bootstrap.servers", "127.0.0.1:9092",
            "schema.registry.url", "http://127.0.0.1:8081",
            "sdkappids", "1400000001, 1400000002");

    @Test
    void shouldUseDocumentedDefaultsWhenOnlyRequiredKeysAreSet() {
        IngestConfig c = IngestConfig.of(REQUIRED);

        assertThat(c.httpHost()).isEqualTo("0.0.0.0");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.sdkAppIds()).containsExactlyInAnyOrder(1400000001L, 1400000002L);
        assertThat(c.eventsTopic()).isEqualTo("call-events");
        assertThat(c.dlqTopic()).isEqualTo("call-events-dlq");
        assertThat(c.bodyLimitBytes()).isEqualTo(65536);
        assertThat(c.sendTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.signatureKey()).isEmpty();
        assertThat(c.callbackToken()).isEmpty();
        assertThat(c.callbackSignMaxSkew()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.producer()).containsEntry("bootstrap.servers", "127.0.0.1:9092").containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true").containsEntry("linger.ms", "1");
        assertThat(c.serde()).containsEntry("schema.registry.url", "http://127.0.0.1:8081");
    }

    @Test
    void shouldLetEnvironmentWinAndPassKafkaKeysWhenSetAsEnvironmentVariables() {
        Map<String, String> env = Map.of("CALLSTREAM_HTTP_PORT", "9999", "CALLSTREAM_KAFKA_COMPRESSION_TYPE", "lz4",
                "CALLSTREAM_INGEST_MAX_IN_FLIGHT", "7", "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", "k:1",
                "CALLSTREAM_SCHEMA_REGISTRY_URL", "mock://x", "CALLSTREAM_SDKAPPIDS", "1");
        IngestConfig c = IngestConfig.from(Settings.load(IngestConfig.DEFAULTS, Optional.empty(), env));

        assertThat(c.httpPort()).isEqualTo(9999);
        assertThat(c.maxInFlight()).isEqualTo(7);
        assertThat(c.producer()).containsEntry("compression.type", "lz4").containsEntry("bootstrap.servers", "k:1");
    }

    @Test
    void shouldKeepAcksAllAndIdempotenceWhenConfigTriesToWeakenThem() {
        Map<String, String> m = new HashMap<>(REQUIRED);
        m.put("kafka.acks", "1");
        m.put("kafka.enable.idempotence", "false");

        assertThat(IngestConfig.of(m).producer()).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
    }

    @Test
    void shouldNameKeyAndEnvironmentVariableWhenARequiredKeyIsMissing() {
        for (String key : REQUIRED.keySet()) {
            Map<String, String> m = new HashMap<>(REQUIRED);
            m.remove(key);
            assertThatThrownBy(() -> IngestConfig.of(m)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(key).hasMessageContaining(Settings.envName(key));
        }
    }

    @Test
    void shouldRejectSdkAppIdsWhenTheyAreNotIntegers() {
        Map<String, String> m = new HashMap<>(REQUIRED);
        m.put("sdkappids", "1400000001,abc");

        assertThatThrownBy(() -> IngestConfig.of(m)).hasMessageContaining("sdkappids").hasMessageContaining("abc");
    }

    @Test
    void shouldMaskSecretsWhenPrinted() {
        Map<String, String> m = new HashMap<>(REQUIRED);
        m.put("ingest.signature.key", "s3cr3t");
        m.put("ingest.callback.token", "t0k3n");
        m.put("kafka.sasl.jaas.config", "user=x password=pw");
        m.put("basic.auth.user.info", "u:p4ss");

        String printed = IngestConfig.of(m).toString();

        assertThat(printed).doesNotContain("s3cr3t").doesNotContain("pw").doesNotContain("p4ss").doesNotContain("t0k3n")
                .contains("signature=on").contains("callbackToken=on");
    }
}

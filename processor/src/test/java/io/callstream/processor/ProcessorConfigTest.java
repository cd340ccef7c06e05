package io.callstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.schemas.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
            "CALLSTREAM_SCHEMA_REGISTRY_URL", "http://registry:8081");

    @Test
    void shouldUseDocumentedDefaultsWhenOnlyRequiredKeysAreSet() {
        ProcessorConfig c = ProcessorConfig.from(Settings.load(ProcessorConfig.defaults(), Optional.empty(), REQUIRED));

        assertThat(c.applicationId()).isEqualTo("callstream-processor");
        assertThat(c.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(c.port()).isEqualTo(8090);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.settleDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(c.retention()).isEqualTo(Duration.ofHours(24));
        assertThat(c.tombstoneRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.catchUpMaxWait()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.punctuationInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.numStreamThreads()).isEqualTo(1);
        assertThat(c.commitIntervalMs()).isEqualTo(100);
        assertThat(c.sessionCacheMaxEntries()).isEqualTo(10_000);
        assertThat(c.stateDir()).isEmpty();
        assertThat(c.topics()).isEqualTo(ProcessorConfig.TopicNames.defaults());
    }

    @Test
    void shouldLetEnvironmentWinWhenPortAndTimersAreSet() {
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.put("CALLSTREAM_PROCESSOR_PORT", "18090");
        env.put("CALLSTREAM_SESSION_SETTLE_DELAY", "2s");
        env.put("CALLSTREAM_TOPIC_CALL_SUMMARIES", "summaries-v2");
        env.put("CALLSTREAM_KAFKA_SESSION_TIMEOUT_MS", "6000");
        ProcessorConfig c = ProcessorConfig.from(Settings.load(ProcessorConfig.defaults(), Optional.empty(), env));

        assertThat(c.port()).isEqualTo(18090);
        assertThat(c.settleDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.topics().callSummaries()).isEqualTo("summaries-v2");
        assertThat(ProcessorApp.streamsProperties(c)).containsEntry("session.timeout.ms", "6000")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "callstream-processor");
    }

    @Test
    void shouldTakeTheSessionCacheBoundFromTheEnvironmentAndRefuseANegativeOne() {
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.put("CALLSTREAM_SESSION_CACHE_MAX_ENTRIES", "0");
        assertThat(ProcessorConfig.from(Settings.load(ProcessorConfig.defaults(), Optional.empty(), env))
                .sessionCacheMaxEntries()).isZero();

        env.put("CALLSTREAM_SESSION_CACHE_MAX_ENTRIES", "-1");
        assertThatThrownBy(() -> ProcessorConfig.from(Settings.load(ProcessorConfig.defaults(), Optional.empty(), env)))
                .hasMessageContaining("session.cache.max.entries");
    }

    @Test
    void shouldFailNamingTheVariableWhenBootstrapServersAreMissing() {
        assertThatThrownBy(() -> ProcessorConfig.from(Settings.load(ProcessorConfig.defaults(), Optional.empty(),
                Map.of("CALLSTREAM_SCHEMA_REGISTRY_URL", "http://r:8081"))))
                .hasMessageContaining("kafka.bootstrap.servers").hasMessageContaining("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldRejectZeroThreadsWhenConfigured() {
        assertThatThrownBy(() -> ProcessorConfig.of(Map.of("kafka.bootstrap.servers", "b:1",
                "schema.registry.url", "mock://x", "num.stream.threads", "0")))
                .hasMessageContaining("num.stream.threads");
    }

    @Test
    void shouldRejectATombstoneRetentionUnderOneMinuteWhenConfigured() {
        assertThatThrownBy(() -> ProcessorConfig.of(Map.of("kafka.bootstrap.servers", "b:1",
                "schema.registry.url", "mock://x", "session.tombstone.retention", "10s")))
                .hasMessageContaining("session.tombstone.retention");
    }

    @Test
    void shouldForwardRegistryCredentialsAndKafkaSecurityFromTheEnvironmentAndNeverPrintThem() {
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.put("CALLSTREAM_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "fred:regpass");
        env.put("CALLSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", "trustpass");
        env.put("CALLSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("CALLSTREAM_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required username=\"p\" password=\"kafkapass\";");

        ProcessorConfig c = ProcessorConfig.from(Settings.load(ProcessorConfig.defaults(), Optional.empty(), env));

        assertThat(c.registry()).containsEntry("schema.registry.basic.auth.user.info", "fred:regpass")
                .containsEntry("schema.registry.ssl.truststore.password", "trustpass");
        assertThat(c.kafka()).containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config");
        assertThat(c.toString()).contains("security.protocol=SASL_SSL").doesNotContain("regpass")
                .doesNotContain("trustpass").doesNotContain("kafkapass");
    }

    @Test
    void shouldInstallTheBoundedRocksDbSetterWhenTheBoundIsOn() {
        ProcessorConfig c = ProcessorConfig.of(Map.of("kafka.bootstrap.servers", "b:1", "schema.registry.url", "mock://x"));
        java.util.Properties p = ProcessorApp.streamsProperties(c);
        assertThat(p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(io.callstream.processor.state.BoundedRocksDbConfigSetter.class);
        assertThat(p.get(io.callstream.processor.state.SharedRocksDbMemory.CONFIG_KEY))
                .isInstanceOfSatisfying(io.callstream.processor.state.SharedRocksDbMemory.class,
                        m -> assertThat(m.config()).isEqualTo(c.rocksdb()));
    }

    @Test
    void shouldLeaveRocksDbDefaultsWhenTheBoundIsOffOrAnotherSetterIsConfigured() {
        ProcessorConfig off = ProcessorConfig.of(Map.of("kafka.bootstrap.servers", "b:1", "schema.registry.url",
                "mock://x", "rocksdb.memory.total", "0"));
        assertThat(ProcessorApp.streamsProperties(off)).doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
        ProcessorConfig own = ProcessorConfig.of(Map.of("kafka.bootstrap.servers", "b:1", "schema.registry.url",
                "mock://x", "kafka.rocksdb.config.setter", "com.example.OwnSetter"));
        assertThat(ProcessorApp.streamsProperties(own))
                .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.OwnSetter");
    }
}

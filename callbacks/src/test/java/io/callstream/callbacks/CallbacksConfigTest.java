package io.callstream.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.schemas.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallbacksConfigTest {

    @Test
    void shouldParseAdminsAndKeysWhenGivenByEnvironment() {
        Settings s = Settings.load(CallbacksConfig.defaults(), Optional.empty(), Map.of(
                "CALLSTREAM_CALLBACKS_ADMINS", "1400000001:administrator,1400000001:ops,1400000002:root",
                "CALLSTREAM_CALLBACKS_SECRET_KEYS", "1400000001:s3cr3t-key-one,1400000002:other",
                "CALLSTREAM_CALLBACKS_RETRY_INITIAL_BACKOFF", "250ms"));
        CallbacksConfig c = CallbacksConfig.from(s);
        assertThat(c.adminAccounts().isAdmin(1400000001L, "ops")).isTrue();
        assertThat(c.adminAccounts().isAdmin(1400000002L, "administrator")).isFalse();
        assertThat(c.adminAccounts().secretKey(1400000001L)).contains("s3cr3t-key-one");
        assertThat(c.initialBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.allowPrivateAddresses()).isFalse();
        assertThat(c.configTopic()).isEqualTo("callback-config");
    }

    @Test
    void shouldReadTheSummariesTopicAndTheEndCallMemoryWhenGivenByEnvironment() {
        Settings s = Settings.load(CallbacksConfig.defaults(), Optional.empty(), Map.of(
                "CALLSTREAM_TOPIC_CALL_SUMMARIES", "summaries-v2",
                "CALLSTREAM_CALLBACKS_END_CALL_MEMORY_SIZE", "5000"));

        CallbacksConfig c = CallbacksConfig.from(s);

        assertThat(c.callSummariesTopic()).isEqualTo("summaries-v2");
        assertThat(c.rememberedEndCalls()).isEqualTo(5000);
        assertThat(CallbacksConfig.of(Map.of()).callSummariesTopic()).isEqualTo("call-summaries");
        assertThat(CallbacksConfig.of(Map.of()).rememberedEndCalls()).isEqualTo(100_000);
    }

    @Test
    void shouldMaskSecretKeysWhenPrinted() {
        CallbacksConfig c = CallbacksConfig.of(Map.of("callbacks.secret.keys", "1400000001:s3cr3t-key-one"));
        assertThat(c.toString()).doesNotContain("s3cr3t-key-one").contains("****");
        assertThat(Settings.of(Map.of("callbacks.secret.keys", "1400000001:s3cr3t-key-one")).toString())
                .doesNotContain("s3cr3t-key-one");
    }

    @Test
    void shouldFailClearlyWhenEntryHasNoAppId() {
        assertThatThrownBy(() -> CallbacksConfig.of(Map.of("callbacks.admins", "administrator")))
                .hasMessageContaining("callbacks.admins").hasMessageContaining("CALLSTREAM_CALLBACKS_ADMINS");
    }

    @Test
    void shouldReadTheDeliveryKeysAndNeverPrintASigningSecretWhenGiven() {
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
        CallbacksConfig c = CallbacksConfig.of(Map.of("callbacks.signing.secrets", "1400000001:" + secret,
                "callbacks.own.hosts", "ingest.example.com, 127.0.0.1:8080", "callbacks.retry.give.up.after", "2d"));

        assertThat(c.signingSecrets().has(1400000001L)).isTrue();
        assertThat(c.ownHosts()).containsExactly("ingest.example.com", "127.0.0.1:8080");
        assertThat(c.retryGiveUpAfter()).isEqualTo(Duration.ofDays(2));
        assertThat(c.retryTopic()).isEqualTo("callback-deliveries-retry");
        assertThat(c.toString()).doesNotContain(secret.substring(6));
    }

    @Test
    void shouldFailClearlyWhenASigningSecretLacksItsPrefix() {
        assertThatThrownBy(() -> CallbacksConfig.of(Map.of("callbacks.signing.secrets", "1400000001:c2VjcmV0")))
                .hasMessageContaining("does not start with whsec_").hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void shouldForwardRegistryCredentialsToTheSerdesAndNeverPrintThemWhenGivenByEnvironment() {
        Settings s = Settings.load(CallbacksConfig.defaults(), Optional.empty(), Map.of(
                "CALLSTREAM_SCHEMA_REGISTRY_URL", "https://registry:8081",
                "CALLSTREAM_BASIC_AUTH_USER_INFO", "fred:regpass",
                "CALLSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/etc/ca.p12",
                "CALLSTREAM_KAFKA_SASL_JAAS_CONFIG", "x password=\"kafkapass\";"));

        CallbacksConfig c = CallbacksConfig.from(s);

        assertThat(c.registryProps()).containsEntry("schema.registry.url", "https://registry:8081")
                .containsEntry("basic.auth.user.info", "fred:regpass")
                .containsEntry("schema.registry.ssl.truststore.location", "/etc/ca.p12");
        assertThat(c.kafkaProps()).containsKey("sasl.jaas.config");
        assertThat(c.toString()).contains("/etc/ca.p12").doesNotContain("regpass").doesNotContain("kafkapass");
    }
}

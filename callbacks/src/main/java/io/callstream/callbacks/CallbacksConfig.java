package io.callstream.callbacks;

import io.callstream.common.auth.AdminAccounts;
import io.callstream.common.logging.LogFormat;
import io.callstream.schemas.Topics;
import io.callstream.schemas.config.Settings;
import io.callstream.schemas.registry.RegistryConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed configuration of the callback admin API and the delivery service, built from {@link Settings}
 * (defaults → properties file → environment). {@link #toString()} never shows secret keys.
 *
 * @param adminAccounts administrators ({@code callbacks.admins}, {@code appid:identifier,...}) and UserSig
 *                      secret keys ({@code callbacks.secret.keys}, {@code appid:key,...}) per SDKAppID
 * @param kafka        Kafka client properties ({@code kafka.*} with the prefix removed)
 */
public record CallbacksConfig(
        AdminAccounts adminAccounts,
        Map<String, String> kafka,
        String schemaRegistryUrl,
        String configTopic,
        String dlqTopic,
        String callEventsTopic,
        String callSummariesTopic,
        String consumerGroup,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration requestTimeout,
        boolean allowPrivateAddresses,
        int maxInFlightPerApp,
        int maxPendingEvents,
        int legacyRatePerSecond,
        int v4RatePerSecond,
        int maxBodyBytes,
        int maxCallbackBytes,
        int rememberedEndCalls,
        Duration writeTimeout,
        String httpHost,
        int httpPort,
        boolean adminEnabled,
        int authFailuresPerMinute,
        java.util.List<String> ownHosts,
        SigningSecrets signingSecrets,
        String retryTopic,
        Duration retryGiveUpAfter,
        int maxQueuedPerApp,
        int maxParked,
        Duration disableAfter,
        int dispatchThreads,
        Map<String, Object> registry) {

    /** Built-in defaults: every key this module reads. */
    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        LogFormat.addDefault(d);
        d.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        d.put("schema.registry.url", "http://127.0.0.1:8081");
        d.put("callbacks.admins", "1400000001:administrator");
        d.put("callbacks.secret.keys", "");
        d.put("topic.callback-config", "callback-config");
        d.put("topic.callback-deliveries-dlq", "callback-deliveries-dlq");
        d.put("topic.call-events", Topics.CALL_EVENTS);
        d.put("topic.call-summaries", Topics.CALL_SUMMARIES);
        d.put("callbacks.consumer.group", "callstream-callbacks");
        d.put("callbacks.max.retries", "30");
        d.put("callbacks.retry.initial.backoff", "5s");
        d.put("callbacks.retry.max.backoff", "5h");
        d.put("callbacks.request.timeout", "5s");
        d.put("callbacks.allow.private.addresses", "false");
        d.put("callbacks.max.inflight.per.app", "16");
        d.put("callbacks.max.pending.events", "10000");
        d.put("callbacks.rate.legacy.per.second", "10");
        d.put("callbacks.rate.v4.per.second", "200");
        d.put("callbacks.max.body.bytes", "16384");
        d.put("callbacks.max.callback.bytes", "65536");
        d.put("callbacks.end-call.memory.size", "100000");
        d.put("callbacks.write.timeout", "10s");
        d.put("callbacks.http.host", "0.0.0.0");
        d.put("callbacks.http.port", "8092");
        d.put("callbacks.admin.enabled", "true");
        d.put("callbacks.auth.failures.per.minute", "30");
        d.put("callbacks.own.hosts", "");
        d.put("callbacks.signing.secrets", "");
        d.put("topic.callback-deliveries-retry", "callback-deliveries-retry");
        d.put("callbacks.retry.give.up.after", "28h");
        d.put("callbacks.max.queued.per.app", "1000");
        d.put("callbacks.max.parked", "200000");
        d.put("callbacks.disable.after", "5d");
        d.put("callbacks.dispatch.threads", "2");
        return d;
    }

    /** Loads defaults → {@code CALLSTREAM_CONFIG} file → environment. */
    public static CallbacksConfig load() {
        return from(Settings.load(defaults()));
    }

    public static CallbacksConfig from(Settings s) {
        LogFormat.from(s); // applied when logging starts (LogConfigurator); checked here so a typo stops the service
        Map<String, String> kafka = new HashMap<>(s.withPrefix("kafka."));
        return new CallbacksConfig(
                AdminAccounts.from(s, "callbacks.admins", "callbacks.secret.keys"),
                Map.copyOf(kafka),
                s.string("schema.registry.url"),
                s.string("topic.callback-config"),
                s.string("topic.callback-deliveries-dlq"),
                s.string("topic.call-events"),
                s.string("topic.call-summaries"),
                s.string("callbacks.consumer.group"),
                s.integer("callbacks.max.retries"),
                s.duration("callbacks.retry.initial.backoff"),
                s.duration("callbacks.retry.max.backoff"),
                s.duration("callbacks.request.timeout"),
                s.bool("callbacks.allow.private.addresses"),
                s.integer("callbacks.max.inflight.per.app"),
                s.integer("callbacks.max.pending.events"),
                s.integer("callbacks.rate.legacy.per.second"),
                s.integer("callbacks.rate.v4.per.second"),
                s.integer("callbacks.max.body.bytes"),
                s.integer("callbacks.max.callback.bytes"),
                s.integer("callbacks.end-call.memory.size"),
                s.duration("callbacks.write.timeout"),
                s.string("callbacks.http.host"),
                s.integer("callbacks.http.port"),
                s.bool("callbacks.admin.enabled"),
                s.integer("callbacks.auth.failures.per.minute"),
                s.list("callbacks.own.hosts"),
                SigningSecrets.parse(s.optional("callbacks.signing.secrets").orElse("")),
                s.string("topic.callback-deliveries-retry"),
                s.duration("callbacks.retry.give.up.after"),
                s.integer("callbacks.max.queued.per.app"),
                s.integer("callbacks.max.parked"),
                s.duration("callbacks.disable.after"),
                s.integer("callbacks.dispatch.threads"),
                Map.copyOf(RegistryConfig.clientProperties(s)));
    }

    /** Defaults overridden by {@code values} (tests, embedding). */
    public static CallbacksConfig of(Map<String, String> values) {
        Map<String, String> m = new LinkedHashMap<>(defaults());
        m.putAll(values);
        return from(Settings.of(m));
    }

    /** Schema registry client settings for the serdes: URL, credentials, TLS ({@code schema.registry.*}). */
    public Map<String, Object> registryProps() {
        Map<String, Object> p = new HashMap<>(registry);
        p.put(RegistryConfig.URL, schemaRegistryUrl);
        return p;
    }

    /** Kafka properties as objects, for client constructors. */
    public Map<String, Object> kafkaProps() {
        return new HashMap<>(kafka);
    }

    private static Map<String, Object> masked(Map<String, ?> m) {
        Map<String, Object> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> out.put(k, Settings.isSecret(k) ? "****" : v));
        return out;
    }

    @Override
    public String toString() {
        Map<String, String> maskedKafka = new LinkedHashMap<>();
        kafka.forEach((k, v) -> maskedKafka.put(k, Settings.isSecret(k) ? "****" : v));
        return "CallbacksConfig{" + adminAccounts
                + ", kafka=" + maskedKafka + ", schemaRegistryUrl=" + schemaRegistryUrl + ", registry=" + masked(registry)
                + ", topics=[" + configTopic + ", " + dlqTopic + ", " + callEventsTopic + ", " + callSummariesTopic + "], group=" + consumerGroup
                + ", maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", requestTimeout=" + requestTimeout + ", allowPrivateAddresses=" + allowPrivateAddresses
                + ", maxInFlightPerApp=" + maxInFlightPerApp + ", maxPendingEvents=" + maxPendingEvents
                + ", rates=" + legacyRatePerSecond + "/" + v4RatePerSecond + ", maxBodyBytes=" + maxBodyBytes + ", maxCallbackBytes=" + maxCallbackBytes + ", rememberedEndCalls=" + rememberedEndCalls
                + ", http=" + httpHost + ":" + httpPort + ", adminEnabled=" + adminEnabled
                + ", authFailuresPerMinute=" + authFailuresPerMinute + ", ownHosts=" + ownHosts + ", signingSecrets=" + signingSecrets
                + ", retryTopic=" + retryTopic + ", retryGiveUpAfter=" + retryGiveUpAfter + ", maxQueuedPerApp=" + maxQueuedPerApp
                + ", maxParked=" + maxParked + ", disableAfter=" + disableAfter + ", dispatchThreads=" + dispatchThreads + "}";
    }
}

package io.callstream.ingest.config;

import io.callstream.common.logging.LogFormat;
import io.callstream.schemas.Topics;
import io.callstream.schemas.config.Settings;
import io.callstream.schemas.registry.RegistryConfig;
import io.callstream.schemas.serde.AvroSerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The typed configuration of ingest (CONTRACT section 6), built from {@link Settings}: every key of
 * {@link #DEFAULTS} plus the required {@code kafka.bootstrap.servers}, {@code schema.registry.url}
 * and {@code sdkappids}. Every {@code kafka.*} key goes to the producer; {@code acks=all} and
 * idempotence are always on.
 *
 * @param httpHost          {@code http.host}: bind address
 * @param httpPort          {@code http.port}: 0 picks a free port
 * @param sdkAppIds         {@code sdkappids}: the accepted SDKAppIDs
 * @param eventsTopic       {@code topic.call-events}
 * @param dlqTopic          {@code topic.call-events-dlq}
 * @param producer          producer properties ({@code kafka.*} without the prefix)
 * @param serde             serde and registry-client properties ({@code schema.registry.*}, ...)
 * @param bodyLimitBytes    {@code ingest.body.limit.bytes}: larger bodies get 413
 * @param maxInFlight       {@code ingest.max.in.flight}: requests waiting for Kafka; past it 503
 * @param sendTimeout       {@code ingest.send.timeout}: no ack within it → 503
 * @param retryAfterSeconds {@code ingest.retry.after.seconds}: the Retry-After of a 503
 * @param signatureKey      {@code ingest.signature.key}: HMAC key of the optional signature check
 * @param signatureMaxSkew  {@code ingest.signature.max.skew}: how old/new the signed timestamp may be
 * @param healthInterval    {@code ingest.health.interval}: how often readiness probes Kafka and the registry
 * @param shutdownTimeout   {@code ingest.shutdown.timeout}: graceful-shutdown bound
 * @param httpIdleTimeout   {@code http.idle.timeout}: a connection idle this long is closed
 * @param httpInstances     {@code http.instances}: HTTP server instances, one event loop each
 *                          (0, the default: one per available processor)
 * @param maxFutureSkew     {@code ingest.max.future.skew}: an {@code EventTime} further ahead of the
 *                          receiver's clock is refused (400); keep it below the brokers'
 *                          {@code log.message.timestamp.after.max.ms} (1 h by default)
 * @param callbackToken     {@code ingest.callback.token}: Tencent's callback token; when set, the
 *                          {@code Sign}/{@code RequestTime} query parameters are checked
 * @param callbackSignMaxSkew {@code ingest.callback.sign.max.skew}: how far {@code RequestTime} may be
 *                          from the clock
 */
public record IngestConfig(String httpHost, int httpPort, Set<Long> sdkAppIds, String eventsTopic, String dlqTopic,
                           Map<String, Object> producer, Map<String, Object> serde, int bodyLimitBytes,
                           int maxInFlight, Duration sendTimeout, int retryAfterSeconds,
                           Optional<String> signatureKey, Duration signatureMaxSkew, Duration healthInterval,
                           Duration shutdownTimeout, Duration httpIdleTimeout, int httpInstances,
                           Duration maxFutureSkew, Optional<String> callbackToken, Duration callbackSignMaxSkew) {

    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_IDLE_TIMEOUT = "http.idle.timeout";
    public static final String HTTP_INSTANCES = "http.instances";
    public static final String SDKAPPIDS = "sdkappids";
    public static final String TOPIC_EVENTS = "topic.call-events";
    public static final String TOPIC_DLQ = "topic.call-events-dlq";
    public static final String BODY_LIMIT = "ingest.body.limit.bytes";
    public static final String MAX_IN_FLIGHT = "ingest.max.in.flight";
    public static final String SEND_TIMEOUT = "ingest.send.timeout";
    public static final String RETRY_AFTER = "ingest.retry.after.seconds";
    public static final String SIGNATURE_KEY = "ingest.signature.key";
    public static final String SIGNATURE_MAX_SKEW = "ingest.signature.max.skew";
    public static final String HEALTH_INTERVAL = "ingest.health.interval";
    public static final String SHUTDOWN_TIMEOUT = "ingest.shutdown.timeout";
    public static final String MAX_FUTURE_SKEW = "ingest.max.future.skew";
    public static final String CALLBACK_TOKEN = "ingest.callback.token";
    public static final String CALLBACK_SIGN_MAX_SKEW = "ingest.callback.sign.max.skew";
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String SCHEMA_REGISTRY_URL = RegistryConfig.URL;

    /**
     * Built-in defaults. The required keys are present with an empty value: that way the loader knows
     * them and maps their environment variables ({@code CALLSTREAM_SCHEMA_REGISTRY_URL}, ...).
     */
    public static final Map<String, String> DEFAULTS = defaults();

    public IngestConfig {
        if (sdkAppIds.isEmpty()) {
            throw new IllegalArgumentException("missing required setting " + SDKAPPIDS + " (environment variable "
                    + Settings.envName(SDKAPPIDS) + "): the accepted SDKAppIDs, comma-separated");
        }
        if (!producer.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("missing required setting kafka.bootstrap.servers (environment variable "
                    + Settings.envName("kafka.bootstrap.servers") + ")");
        }
        if (httpIdleTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException(HTTP_IDLE_TIMEOUT + " must be at least 1s");
        }
        if (httpInstances < 0) {
            throw new IllegalArgumentException(HTTP_INSTANCES + " must be >= 0 (0: one per processor)");
        }
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException(MAX_FUTURE_SKEW + " must not be negative");
        }
        if (callbackSignMaxSkew.isNegative()) {
            throw new IllegalArgumentException(CALLBACK_SIGN_MAX_SKEW + " must not be negative");
        }
        if (httpInstances == 0) {
            httpInstances = Runtime.getRuntime().availableProcessors();
        }
        if (bodyLimitBytes <= 0 || maxInFlight <= 0 || retryAfterSeconds < 0) {
            throw new IllegalArgumentException(BODY_LIMIT + " and " + MAX_IN_FLIGHT + " must be > 0, "
                    + RETRY_AFTER + " >= 0");
        }
        sdkAppIds = Set.copyOf(sdkAppIds);
        producer = Map.copyOf(producer);
        serde = Map.copyOf(serde);
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("kafka.bootstrap.servers", "");
        d.put(SCHEMA_REGISTRY_URL, "");
        d.put(SDKAPPIDS, "");
        d.put(HTTP_HOST, "0.0.0.0");
        d.put(HTTP_PORT, "8080");
        d.put(HTTP_IDLE_TIMEOUT, "60s");
        d.put(HTTP_INSTANCES, "0");
        d.put(TOPIC_EVENTS, Topics.CALL_EVENTS);
        d.put(TOPIC_DLQ, Topics.CALL_EVENTS_DLQ);
        d.put(BODY_LIMIT, "65536");
        d.put(MAX_IN_FLIGHT, "2048");
        d.put(SEND_TIMEOUT, "1500ms");
        d.put(RETRY_AFTER, "2");
        d.put(SIGNATURE_KEY, "");
        d.put(SIGNATURE_MAX_SKEW, "5m");
        d.put(HEALTH_INTERVAL, "5s");
        d.put(SHUTDOWN_TIMEOUT, "10s");
        d.put(MAX_FUTURE_SKEW, "15m");
        d.put(CALLBACK_TOKEN, "");
        d.put(CALLBACK_SIGN_MAX_SKEW, "1m");
        d.put("kafka.client.id", "callstream-ingest");
        d.put("kafka.acks", "all");
        d.put("kafka.enable.idempotence", "true");
        d.put("kafka.linger.ms", "1");
        d.put("kafka.max.block.ms", "1000");
        d.put("kafka.request.timeout.ms", "5000");
        d.put("kafka.delivery.timeout.ms", "10000");
        d.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "true");
        LogFormat.addDefault(d);
        return Map.copyOf(d);
    }

    /** Builds the config; fails with a message naming the key and its environment variable. */
    public static IngestConfig from(Settings s) {
        LogFormat.from(s); // applied when logging starts (LogConfigurator); checked here so a typo stops the service
        Set<Long> ids = new LinkedHashSet<>();
        for (String id : s.list(SDKAPPIDS)) {
            try {
                ids.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("setting " + SDKAPPIDS + " (environment variable "
                        + Settings.envName(SDKAPPIDS) + ") must list integers, got '" + id + "'");
            }
        }
        Map<String, Object> producer = new HashMap<>(s.withPrefix(KAFKA_PREFIX));
        producer.put("acks", "all");
        producer.put("enable.idempotence", "true");
        Map<String, Object> serdeProps = new HashMap<>(RegistryConfig.clientProperties(s));
        serdeProps.put(SCHEMA_REGISTRY_URL, s.string(SCHEMA_REGISTRY_URL));
        return new IngestConfig(s.string(HTTP_HOST), s.integer(HTTP_PORT), ids, s.string(TOPIC_EVENTS),
                s.string(TOPIC_DLQ), producer, serdeProps, s.integer(BODY_LIMIT), s.integer(MAX_IN_FLIGHT),
                s.duration(SEND_TIMEOUT), s.integer(RETRY_AFTER), s.optional(SIGNATURE_KEY),
                s.duration(SIGNATURE_MAX_SKEW), s.duration(HEALTH_INTERVAL), s.duration(SHUTDOWN_TIMEOUT),
                s.duration(HTTP_IDLE_TIMEOUT), s.integer(HTTP_INSTANCES), s.duration(MAX_FUTURE_SKEW),
                s.optional(CALLBACK_TOKEN), s.duration(CALLBACK_SIGN_MAX_SKEW));
    }

    /** {@link #DEFAULTS} with these values on top (tests, embedding). */
    public static IngestConfig of(Map<String, String> values) {
        Map<String, String> m = new HashMap<>(DEFAULTS);
        m.putAll(values);
        return from(Settings.of(m));
    }

    /** Safe to log: no secrets. */
    @Override
    public String toString() {
        Map<String, Object> p = new HashMap<>();
        producer.forEach((k, v) -> p.put(k, Settings.isSecret(k) ? "****" : v));
        Map<String, Object> sd = new HashMap<>();
        serde.forEach((k, v) -> sd.put(k, Settings.isSecret(k) ? "****" : v));
        return "IngestConfig[http=" + httpHost + ":" + httpPort + ", sdkAppIds=" + sdkAppIds
                + ", topics=" + eventsTopic + "," + dlqTopic + ", producer=" + p + ", serde=" + sd
                + ", bodyLimitBytes=" + bodyLimitBytes + ", maxInFlight=" + maxInFlight
                + ", sendTimeout=" + sendTimeout + ", retryAfterSeconds=" + retryAfterSeconds
                + ", signature=" + (signatureKey.isPresent() ? "on" : "off") + ", signatureMaxSkew=" + signatureMaxSkew
                + ", healthInterval=" + healthInterval + ", shutdownTimeout=" + shutdownTimeout
                + ", httpIdleTimeout=" + httpIdleTimeout + ", httpInstances=" + httpInstances
                + ", maxFutureSkew=" + maxFutureSkew + ", callbackToken=" + (callbackToken.isPresent() ? "on" : "off")
                + ", callbackSignMaxSkew=" + callbackSignMaxSkew + "]";
    }
}

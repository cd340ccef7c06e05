package io.callstream.processor;

import io.callstream.common.logging.LogFormat;
import io.callstream.processor.records.RecordsConfig;
import io.callstream.processor.state.RocksDbMemoryConfig;
import io.callstream.schemas.Topics;
import io.callstream.schemas.config.Settings;
import io.callstream.schemas.registry.RegistryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The processor's typed configuration (CONTRACT section 6), built from {@link Settings}: defaults,
 * then the file named by {@code CALLSTREAM_CONFIG}, then {@code CALLSTREAM_*} environment variables.
 *
 * @param kafka          every {@code kafka.*} key with the prefix removed, passed to Kafka Streams
 * @param registry       every {@code schema.registry.*} key and the serde keys, passed to the serdes
 * @param stateDir       Kafka Streams state directory; empty means the Kafka Streams default
 * @param tombstoneRetention {@code session.tombstone.retention}: how long a call is remembered after its
 *                       session was deleted, so that a late redelivery does not re-open it
 * @param catchUpMaxWait {@code session.catch-up.max.wait}: a started task runs no timer until it has read
 *                       the backlog of its partition, or for at most this long
 * @param maxFutureSkew  {@code session.max.future.skew}: an event whose {@code eventTime} lies further
 *                       ahead of this processor's clock is dead-lettered, and no record is written
 *                       with a timestamp beyond it; keep it below the brokers'
 *                       {@code log.message.timestamp.after.max.ms} (1 h by default) and at or above
 *                       ingest's {@code ingest.max.future.skew}
 * @param sessionCacheMaxEntries {@code session.cache.max.entries}: decoded sessions kept per task in front of
 *                       store call-sessions ({@code ObjectCachingKeyValueStore}); 0 = none, Kafka Streams'
 *                       record cache as before
 * @param records        the call-records API ({@code records.*}, {@link RecordsConfig})
 * @param rocksdb        the bound on the RocksDB stores' off-heap memory ({@code rocksdb.memory.*},
 *                       {@link RocksDbMemoryConfig})
 */
public record ProcessorConfig(
        String applicationId,
        String bootstrapServers,
        String schemaRegistryUrl,
        TopicNames topics,
        String host,
        int port,
        Duration settleDelay,
        Duration idleTimeout,
        Duration retention,
        Duration tombstoneRetention,
        Duration catchUpMaxWait,
        Duration punctuationInterval,
        int numStreamThreads,
        Optional<Path> stateDir,
        long commitIntervalMs,
        Duration maxFutureSkew,
        int sessionCacheMaxEntries,
        Map<String, String> kafka,
        Map<String, String> registry,
        RecordsConfig records,
        RocksDbMemoryConfig rocksdb) {

    /** Topic names, each configurable. */
    public record TopicNames(String callEvents, String callEventsDlq, String callSummaries, String missedCallAlerts,
                             String callParticipants) {
        public static TopicNames defaults() {
            return new TopicNames(Topics.CALL_EVENTS, Topics.CALL_EVENTS_DLQ, Topics.CALL_SUMMARIES, Topics.MISSED_CALL_ALERTS,
                    Topics.CALL_PARTICIPANTS);
        }
    }

    /** The built-in defaults, keyed as in the properties file. */
    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("application.id", "callstream-processor");
        d.put("kafka.bootstrap.servers", "");
        d.put("schema.registry.url", "");
        d.put("topic.call-events", Topics.CALL_EVENTS);
        d.put("topic.call-events-dlq", Topics.CALL_EVENTS_DLQ);
        d.put("topic.call-summaries", Topics.CALL_SUMMARIES);
        d.put("topic.missed-call-alerts", Topics.MISSED_CALL_ALERTS);
        d.put("topic.call-participants", Topics.CALL_PARTICIPANTS);
        d.put("processor.host", "0.0.0.0");
        d.put("processor.port", "8090");
        d.put("session.settle.delay", "10s");
        d.put("session.idle.timeout", "2h");
        d.put("session.retention", "24h");
        d.put("session.tombstone.retention", "7d");
        d.put("session.catch-up.max.wait", "15m");
        d.put("punctuation.interval", "1s");
        d.put("session.max.future.skew", "30m");
        d.put("session.cache.max.entries", "10000");
        d.put("num.stream.threads", "1");
        d.put("state.dir", "");
        d.put("commit.interval.ms", "100");
        RecordsConfig.addDefaults(d);
        LogFormat.addDefault(d);
        RocksDbMemoryConfig.addDefaults(d);
        return d;
    }

    /** Loads from the process environment and the optional {@code CALLSTREAM_CONFIG} file. */
    public static ProcessorConfig load() {
        return from(Settings.load(defaults()));
    }

    /** Defaults with the given values on top (tests and embedding). */
    public static ProcessorConfig of(Map<String, String> values) {
        Map<String, String> m = new LinkedHashMap<>(defaults());
        m.putAll(values);
        return from(Settings.of(m));
    }

    public static ProcessorConfig from(Settings s) {
        LogFormat.from(s); // applied when logging starts (LogConfigurator); checked here so a typo stops the service
        Map<String, String> serde = new LinkedHashMap<>();
        RegistryConfig.clientProperties(s).forEach((k, v) -> serde.put(k, v.toString()));
        ProcessorConfig c = new ProcessorConfig(
                s.string("application.id"),
                s.string("kafka.bootstrap.servers"),
                s.string("schema.registry.url"),
                new TopicNames(s.string("topic.call-events"), s.string("topic.call-events-dlq"),
                        s.string("topic.call-summaries"), s.string("topic.missed-call-alerts"),
                        s.string("topic.call-participants")),
                s.string("processor.host"),
                s.integer("processor.port"),
                s.duration("session.settle.delay"),
                s.duration("session.idle.timeout"),
                s.duration("session.retention"),
                s.duration("session.tombstone.retention"),
                s.duration("session.catch-up.max.wait"),
                s.duration("punctuation.interval"),
                s.integer("num.stream.threads"),
                s.optional("state.dir").map(Path::of),
                s.longValue("commit.interval.ms"),
                s.duration("session.max.future.skew"),
                s.integer("session.cache.max.entries"),
                s.withPrefix("kafka."),
                serde,
                RecordsConfig.from(s),
                RocksDbMemoryConfig.from(s));
        c.validate();
        return c;
    }

    private void validate() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("processor.port must be 0..65535, got " + port);
        }
        if (numStreamThreads < 1) {
            throw new IllegalArgumentException("num.stream.threads must be at least 1, got " + numStreamThreads);
        }
        for (Duration d : new Duration[] {settleDelay, idleTimeout, retention, catchUpMaxWait, punctuationInterval,
                maxFutureSkew}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative: " + d);
            }
        }
        if (sessionCacheMaxEntries < 0) {
            throw new IllegalArgumentException("session.cache.max.entries must not be negative, got " + sessionCacheMaxEntries);
        }
        if (tombstoneRetention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("session.tombstone.retention must be at least 1m, got " + tombstoneRetention);
        }
        if (punctuationInterval.isZero()) {
            throw new IllegalArgumentException("punctuation.interval must be positive");
        }
    }

    /** Safe to log: secrets of the Kafka and registry settings (SASL JAAS config, passwords, tokens) masked. */
    @Override
    public String toString() {
        return "ProcessorConfig[applicationId=" + applicationId + ", bootstrapServers=" + bootstrapServers
                + ", schemaRegistryUrl=" + schemaRegistryUrl + ", topics=" + topics + ", http=" + host + ":" + port
                + ", settleDelay=" + settleDelay + ", idleTimeout=" + idleTimeout + ", retention=" + retention
                + ", tombstoneRetention=" + tombstoneRetention + ", catchUpMaxWait=" + catchUpMaxWait
                + ", punctuationInterval=" + punctuationInterval + ", numStreamThreads=" + numStreamThreads
                + ", stateDir=" + stateDir + ", commitIntervalMs=" + commitIntervalMs + ", maxFutureSkew=" + maxFutureSkew
                + ", sessionCacheMaxEntries=" + sessionCacheMaxEntries
                + ", kafka=" + masked(kafka) + ", registry=" + masked(registry) + ", records=" + records + ", rocksdb=" + rocksdb + "]";
    }

    private static Map<String, String> masked(Map<String, String> m) {
        Map<String, String> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> out.put(k, Settings.isSecret(k) ? "****" : v));
        return out;
    }
}

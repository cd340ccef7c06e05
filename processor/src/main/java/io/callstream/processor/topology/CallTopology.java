package io.callstream.processor.topology;

import io.callstream.processor.ProcessorConfig;
import io.callstream.processor.records.RecordsTopology;
import io.callstream.processor.session.SessionLifecycle;
import io.callstream.processor.state.CallSession;
import io.callstream.processor.state.ObjectCachingStoreBuilder;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor topology, the only code that assembles one (pure: no I/O). Every node and store
 * is named, so that a changed topology never renames (and orphans) state:
 * <pre>
 *   call-events ─▶ call-events-source ─▶ call-event-decoder ─┬─▶ call-events-dlq-sink ─▶ call-events-dlq
 *                                                            └─▶ call-session-processor ─┬─▶ call-summaries-sink ─▶ call-summaries
 *                                                                                        ├─▶ missed-call-alerts-sink ─▶ missed-call-alerts
 *   stores: call-sessions, call-session-timers, call-session-tombstones                  └─▶ call-participants-sink ─▶ call-participants
 * </pre>
 * A second sub-topology, {@link RecordsTopology}, reads call-summaries back into the call-records view.
 * Values are read as bytes and decoded by the source's deserializer into {@link DecodedEvent}, so a
 * bad record reaches {@code call-event-decoder} and is dead-lettered inside the EOS transaction.
 */
public final class CallTopology {

    public static final String SOURCE = "call-events-source";
    public static final String DECODER = "call-event-decoder";
    public static final String DLQ_SINK = "call-events-dlq-sink";
    public static final String SESSIONS = "call-session-processor";
    public static final String SUMMARIES_SINK = "call-summaries-sink";
    public static final String ALERTS_SINK = "missed-call-alerts-sink";
    public static final String PARTICIPANTS_SINK = "call-participants-sink";
    public static final String SESSION_STORE = "call-sessions";
    public static final String TIMER_STORE = "call-session-timers";
    public static final String TOMBSTONE_STORE = "call-session-tombstones";

    private static final Logger LOG = LoggerFactory.getLogger(CallTopology.class);

    private CallTopology() {
    }

    public static Topology build(ProcessorConfig config, ProcessorSerdes serdes) {
        return build(config, serdes, SessionMetrics.NOOP, InputLag.NONE);
    }

    /** The topology reporting to {@code metrics}; timers wait until {@code inputLag} says a task has read its backlog. */
    public static Topology build(ProcessorConfig config, ProcessorSerdes serdes, SessionMetrics metrics, InputLag inputLag) {
        ProcessorConfig.TopicNames topics = config.topics();
        Topology t = new Topology();
        long skew = config.maxFutureSkew().toMillis();
        t.addSource(AutoOffsetReset.earliest(), SOURCE, new EventTimeExtractor(skew, System::currentTimeMillis),
                new StringDeserializer(), serdes.callEvents(), topics.callEvents());
        t.addProcessor(DECODER, () -> new DecodeProcessor(metrics, skew, System::currentTimeMillis), SOURCE);
        t.addSink(DLQ_SINK, topics.callEventsDlq(), new StringSerializer(), serdes.deadLetters(), DECODER);
        SessionLifecycle lifecycle = new SessionLifecycle(config.settleDelay(), config.idleTimeout(), config.retention());
        t.addProcessor(SESSIONS, () -> new CallSessionProcessor(lifecycle, config, inputLag, metrics), DECODER);
        StoreBuilder<KeyValueStore<String, CallSession>> sessions = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SESSION_STORE), Serdes.String(), serdes.sessions());
        StoreBuilder<KeyValueStore<Bytes, byte[]>> timers = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TIMER_STORE), Serdes.Bytes(), Serdes.ByteArray());
        int cached = sessionCacheEntries(config);
        // Decoded sessions in front of the store, written down once per key and commit; or, without them,
        // Kafka Streams' record cache (bytes: a decode on every get, an encode on every put). A closed call's
        // session leaves the cache once written (only a late event reads it again). The sessions' timer
        // entries get the same cache: a timer armed and moved within a commit costs map operations only;
        // they are never read by key (a punctuation reads a range, below), so none stays once written. An entry
        // is only put where the store has none (SessionTimers moves a session's one entry: delete, then put), so
        // an entry armed and moved again before the commit is dropped unwritten (insertOnly).
        t.addStateStore(cached > 0 ? new ObjectCachingStoreBuilder<>(sessions, cached, s -> s.getClosedBy() < 0)
                : sessions.withCachingEnabled(), SESSIONS);
        t.addStateStore(cached > 0 ? new ObjectCachingStoreBuilder<>(timers, cached, v -> false, true)
                : timers.withCachingEnabled(), SESSIONS);
        // A window store drops whole segments once they are older than the retention: tombstones expire
        // without a timer or a delete each. Window size 1 ms: one entry per call, stamped with the
        // wall-clock time its session was deleted. No cache: it would serve entries past the retention.
        t.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(TOMBSTONE_STORE,
                config.tombstoneRetention(), Duration.ofMillis(1), false), Serdes.String(), Serdes.Integer()), SESSIONS);
        t.addSink(SUMMARIES_SINK, topics.callSummaries(), new StringSerializer(), serdes.callSummaries(), SESSIONS);
        t.addSink(ALERTS_SINK, topics.missedCallAlerts(), new StringSerializer(), serdes.missedCallAlerts(), SESSIONS);
        // one flat row per participant of every summary revision, in the same transaction as the summary
        t.addSink(PARTICIPANTS_SINK, topics.callParticipants(), new StringSerializer(), serdes.callParticipants(), SESSIONS);
        RecordsTopology.addTo(t, config, serdes);
        return t;
    }

    /**
     * The decoded sessions to keep per task ({@code session.cache.max.entries}), or 0 for none. The object
     * cache relies on a failed step failing its task under exactly-once (state wiped and restored from the
     * changelog): with another processing guarantee, or a processing exception handler that lets the task
     * go on, a session changed half-way would stay cached, so the record cache is used instead.
     */
    static int sessionCacheEntries(ProcessorConfig config) {
        int entries = config.sessionCacheMaxEntries();
        if (entries == 0) {
            return 0;
        }
        String guarantee = config.kafka().getOrDefault(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        String handler = config.kafka().getOrDefault(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndFailProcessingExceptionHandler.class.getName());
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee.trim())
                || !LogAndFailProcessingExceptionHandler.class.getName().equals(handler.trim())) {
            LOG.warn("session.cache.max.entries={} ignored: the session cache needs processing.guarantee={} and the "
                    + "failing processing exception handler (got {} and {}); Kafka Streams' record cache is used",
                    entries, StreamsConfig.EXACTLY_ONCE_V2, guarantee, handler);
            return 0;
        }
        return entries;
    }
}

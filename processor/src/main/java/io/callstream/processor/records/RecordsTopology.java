package io.callstream.processor.records;

import io.callstream.processor.ProcessorConfig;
import io.callstream.processor.topology.ProcessorSerdes;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The call-records view, its own sub-topology of the processor (no node shared with the sessions, so
 * it is partitioned by call-summaries alone):
 * <pre>
 *   call-summaries ─▶ call-records-source ─▶ call-records-processor ─▶ call-records-dlq-sink ─▶ call-events-dlq
 *   stores (both with changelogs): call-records (sdkAppId·callId → CallRecord),
 *                                  call-records-by-start (sdkAppId·startMs·callId → result, type)
 * </pre>
 */
public final class RecordsTopology {

    public static final String SOURCE = "call-records-source";
    public static final String PROCESSOR = "call-records-processor";
    public static final String DLQ_SINK = "call-records-dlq-sink";
    public static final String RECORDS_STORE = "call-records";
    public static final String INDEX_STORE = "call-records-by-start";

    private RecordsTopology() {
    }

    /** Adds the records sub-topology to {@code t}, reading {@code topic.call-summaries}. */
    public static void addTo(Topology t, ProcessorConfig config, ProcessorSerdes serdes) {
        RecordsConfig rc = config.records();
        t.addSource(AutoOffsetReset.earliest(), SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                config.topics().callSummaries());
        t.addProcessor(PROCESSOR, () -> new RecordsProcessor(serdes.summaryReader(), rc.retention(), rc.expiryInterval()),
                SOURCE);
        // No record cache: a call's record is put about once per commit (its revision 1; a later revision is
        // rare), so the cache would only add a TreeMap insert per put and a second pass at every commit; reads
        // (this node's get, the records API's interactive queries) go to RocksDB, which the puts reach at once.
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RECORDS_STORE),
                Serdes.Bytes(), new CallRecordSerde()).withCachingDisabled(), PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INDEX_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled(), PROCESSOR);
        t.addSink(DLQ_SINK, config.topics().callEventsDlq(), new StringSerializer(), serdes.deadLetters(), PROCESSOR);
    }
}

package io.callstream.processor.records;

import io.callstream.avro.CallSummary;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.KafkaRecordOrigin;
import io.callstream.common.logging.LogContext;
import io.callstream.processor.topology.DeadLetters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node {@value RecordsTopology#PROCESSOR}: keeps the latest revision of every call's summary in
 * {@value RecordsTopology#RECORDS_STORE} and its entry in the start-time index
 * {@value RecordsTopology#INDEX_STORE} (a lower or equal revision changes nothing; a new start time
 * moves the index entry). A wall-clock punctuator drops the calls that started more than
 * {@code records.retention} ago, walking each app's index from its oldest end only. An undecodable
 * summary is dead-lettered to call-events-dlq.
 */
final class RecordsProcessor implements Processor<String, byte[], String, DeadLetter> {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsProcessor.class);
    /** Deletions per punctuation at most, so that one punctuation never stalls the task; the next one goes on. */
    static final int EXPIRY_BUDGET = 10_000;
    private static final int BATCH = 500;

    private final Deserializer<CallSummary> reader;
    private final long retentionMs;
    private final Duration expiryInterval;
    private ProcessorContext<String, DeadLetter> context;
    private KeyValueStore<Bytes, CallRecord> records;
    private KeyValueStore<Bytes, byte[]> index;

    RecordsProcessor(Deserializer<CallSummary> reader, Duration retention, Duration expiryInterval) {
        this.reader = reader;
        this.retentionMs = retention.toMillis();
        this.expiryInterval = expiryInterval;
    }

    @Override
    public void init(ProcessorContext<String, DeadLetter> context) {
        this.context = context;
        this.records = context.getStateStore(RecordsTopology.RECORDS_STORE);
        this.index = context.getStateStore(RecordsTopology.INDEX_STORE);
        context.schedule(expiryInterval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone: summaries are never deleted by their writer
        }
        CallSummary s;
        try {
            s = reader.deserialize(context.recordMetadata().map(m -> m.topic()).orElse(null), record.value());
        } catch (RuntimeException e) {
            deadLetter(record, "undecodable call summary: " + e.getMessage());
            return;
        }
        CallRecord r = CallRecord.of(s);
        if (r.startMs() < context.currentSystemTimeMs() - retentionMs) {
            return; // already past the retention: a redelivery or a late revision of an expired call
        }
        Bytes key = RecordKeys.record(r.sdkAppId(), r.callId());
        CallRecord old = records.get(key);
        if (old != null && old.revision() >= r.revision()) {
            return;
        }
        if (old != null && old.startMs() != r.startMs()) {
            index.delete(RecordKeys.index(old));
        }
        records.put(key, r);
        index.put(RecordKeys.index(r), RecordKeys.indexValue(r));
    }

    /** Drops every call that started before now − retention: per app, from the oldest index entry up. */
    void expire(long now) {
        long cutoff = now - retentionMs;
        int deleted = 0;
        Bytes seek = null;
        while (deleted < EXPIRY_BUDGET) {
            List<Bytes> expired = new ArrayList<>();
            Bytes next = null;
            try (KeyValueIterator<Bytes, byte[]> it = index.range(seek, null)) {
                if (!it.hasNext()) {
                    break;
                }
                long app = RecordKeys.appOf(it.peekNextKey());
                while (it.hasNext() && expired.size() < BATCH) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    if (RecordKeys.appOf(kv.key) != app || RecordKeys.startOf(kv.key) >= cutoff) {
                        break;
                    }
                    expired.add(kv.key);
                }
                if (expired.isEmpty()) {
                    if (app == Long.MAX_VALUE) {
                        break;
                    }
                    next = RecordKeys.indexFrom(app + 1, Long.MIN_VALUE); // this app is done: skip to the next one
                }
            }
            for (Bytes k : expired) {
                index.delete(k);
                records.delete(RecordKeys.recordOf(k));
            }
            deleted += expired.size();
            if (next != null) {
                seek = next;
            }
        }
        if (deleted > 0) {
            LOG.info("Dropped {} call records that started before {}", deleted, Instant.ofEpochMilli(cutoff));
        }
    }

    private void deadLetter(Record<String, byte[]> record, String message) {
        KafkaRecordOrigin origin = context.recordMetadata().map(m -> KafkaRecordOrigin.newBuilder()
                .setTopic(m.topic()).setPartition(m.partition()).setOffset(m.offset()).setKey(record.key()).build())
                .orElse(null);
        try (LogContext ignored = LogContext.call(record.key(), null)) {
            LOG.warn("Dead-lettering call summary (key {}): {}", record.key(), message);
        }
        DeadLetter letter = DeadLetters.of(DeadLetters.UNDECODABLE_VALUE, message, origin, record.key(), record.value(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(new Record<>(record.key(), letter, record.timestamp()), RecordsTopology.DLQ_SINK);
    }
}

package io.callstream.processor.records;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads this instance's records stores (interactive queries on active tasks only, never a standby's
 * possibly stale copy), one partition at a time: calls by key, or a filter's {@link Slice} per partition.
 */
final class LocalRecords {

    private final Supplier<KafkaStreams> streams;
    private final String summariesTopic;

    LocalRecords(Supplier<KafkaStreams> streams, String summariesTopic) {
        this.streams = streams;
        this.summariesTopic = summariesTopic;
    }

    /** The call in {@code partition}'s store; throws when that partition is not queryable here now. */
    Optional<CallRecord> get(int partition, long sdkAppId, String callId) {
        ReadOnlyKeyValueStore<Bytes, CallRecord> records = store(RecordsTopology.RECORDS_STORE, partition);
        return Optional.ofNullable(records.get(RecordKeys.record(sdkAppId, callId)));
    }

    /** The slice of every partition this instance owns and can query now; a partition it cannot is left out. */
    Map<Integer, Slice> slices(RecordFilter f) {
        Map<Integer, Slice> out = new LinkedHashMap<>();
        for (int p : activePartitions()) {
            try {
                ReadOnlyKeyValueStore<Bytes, byte[]> index = store(RecordsTopology.INDEX_STORE, p);
                out.put(p, scan(index, f));
            } catch (InvalidStateStoreException e) {
                // rebalancing or restoring: the caller sees the partition missing and retries
            }
        }
        return out;
    }

    /** The partitions of call-summaries whose records task is active on this instance. */
    Set<Integer> activePartitions() {
        Set<Integer> out = new HashSet<>();
        for (ThreadMetadata t : streams.get().metadataForLocalThreads()) {
            for (TaskMetadata task : t.activeTasks()) {
                for (TopicPartition tp : task.topicPartitions()) {
                    if (tp.topic().equals(summariesTopic)) {
                        out.add(tp.partition());
                    }
                }
            }
        }
        return out;
    }

    /** The records of {@code callIds} in {@code partition}'s store (absent ones left out); throws when not queryable here. */
    List<CallRecord> getAll(int partition, long sdkAppId, List<String> callIds) {
        ReadOnlyKeyValueStore<Bytes, CallRecord> records = store(RecordsTopology.RECORDS_STORE, partition);
        List<CallRecord> out = new ArrayList<>(callIds.size());
        for (String id : callIds) {
            CallRecord r = records.get(RecordKeys.record(sdkAppId, id));
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * One partition's slice: reads the index range of the filter's app and time range only (no record),
     * counts the matches and keeps the first {@code limit} of them.
     */
    static Slice scan(ReadOnlyKeyValueStore<Bytes, byte[]> index, RecordFilter f) {
        long total = 0;
        List<Slice.Ref> first = new ArrayList<>();
        Bytes to = RecordKeys.indexFrom(f.sdkAppId(), f.toMs() == Long.MAX_VALUE ? f.toMs() : f.toMs() + 1);
        try (KeyValueIterator<Bytes, byte[]> it = index.range(RecordKeys.indexFrom(f.sdkAppId(), f.fromMs()), to)) {
            while (it.hasNext()) {
                var kv = it.next();
                if (kv.key.equals(to) || !f.matches(kv.value)) {
                    continue;
                }
                total++;
                if (first.size() < f.limit()) {
                    first.add(new Slice.Ref(RecordKeys.startOf(kv.key), RecordKeys.callIdOf(kv.key)));
                }
            }
        }
        return new Slice(total, first);
    }

    private <V> ReadOnlyKeyValueStore<Bytes, V> store(String name, int partition) {
        return streams.get().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<Bytes, V>keyValueStore())
                .withPartition(partition));
    }
}

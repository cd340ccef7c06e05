package io.callstream.callbacks.delivery;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, the offsets handed to delivery in order; an offset is
 * committable once it and every offset before it is fully handled (delivered, dead-lettered or skipped).
 */
final class OffsetTracker {

    private final Map<TopicPartition, ArrayDeque<Long>> inFlight = new HashMap<>();
    private final Map<TopicPartition, TreeSet<Long>> done = new HashMap<>();
    private final Map<TopicPartition, Long> committable = new HashMap<>();
    private int pending;

    synchronized void started(TopicPartition tp, long offset) {
        inFlight.computeIfAbsent(tp, k -> new ArrayDeque<>()).addLast(offset);
        pending++;
    }

    synchronized void finished(TopicPartition tp, long offset) {
        ArrayDeque<Long> queue = inFlight.get(tp);
        if (queue == null) {
            return; // partition revoked meanwhile
        }
        pending--;
        TreeSet<Long> d = done.computeIfAbsent(tp, k -> new TreeSet<>());
        d.add(offset);
        while (!queue.isEmpty() && d.remove(queue.peekFirst())) {
            committable.put(tp, queue.pollFirst() + 1);
        }
    }

    /** Offsets to commit that changed since the last call. */
    synchronized Map<TopicPartition, OffsetAndMetadata> drainCommittable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        committable.forEach((tp, o) -> out.put(tp, new OffsetAndMetadata(o)));
        committable.clear();
        return out;
    }

    /** Forgets a partition (revoked); returns its committable offset, if any. */
    synchronized Map<TopicPartition, OffsetAndMetadata> remove(TopicPartition tp) {
        Long c = committable.remove(tp);
        ArrayDeque<Long> q = inFlight.remove(tp);
        TreeSet<Long> d = done.remove(tp);
        pending -= (q == null ? 0 : q.size()) - (d == null ? 0 : d.size());
        return c == null ? Map.of() : Map.of(tp, new OffsetAndMetadata(c));
    }

    /** Records of {@code topic} handed to delivery and not yet fully handled. */
    synchronized int pending(String topic) {
        int n = 0;
        for (Map.Entry<TopicPartition, ArrayDeque<Long>> e : inFlight.entrySet()) {
            if (e.getKey().topic().equals(topic)) {
                TreeSet<Long> d = done.get(e.getKey());
                n += e.getValue().size() - (d == null ? 0 : d.size());
            }
        }
        return n;
    }

    synchronized int pending() {
        return pending;
    }
}

package io.callstream.callbacks.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps a call's end call behind its events. The processor writes a call's summary to
 * {@code call-summaries} after it read the call's events from {@code call-events}, so once this consumer
 * has read {@code call-events} up to the end offsets it had <em>after</em> the summary was read, every
 * event of that call has been submitted (and the per-call chain delivers them first). Summaries are held
 * until then; the consumer pauses {@code call-summaries} meanwhile, so the target covers all held ones.
 * Only the {@code call-events} partitions assigned here are waited for: with both topics keyed by callId
 * and equally partitioned, the consumer's range assignment gives a call's two partitions to one instance.
 *
 * @param <T> what is held (a decoded summary with its record)
 */
final class SummaryGate<T> {

    /** Where the consumer stands on {@code call-events}. */
    interface Positions {
        /** The current end offsets (read_committed: last stable offsets) of the assigned call-events partitions; null when they cannot be read now. */
        Map<TopicPartition, Long> endOffsets();

        /** The next offset this consumer reads from an assigned call-events partition; -1 when unknown. */
        long position(TopicPartition tp);
    }

    private record Held<T>(TopicPartition from, T item) {
    }

    private final List<Held<T>> held = new ArrayList<>();
    private Map<TopicPartition, Long> target;

    void hold(TopicPartition from, T item) {
        held.add(new Held<>(from, item));
    }

    boolean holding() {
        return !held.isEmpty();
    }

    int size() {
        return held.size();
    }

    /**
     * The held items, in the order read, once call-events has been read up to the end offsets taken the
     * first time this is called after they were held; empty until then. A failure to read the end offsets
     * leaves them held (tried again on the next call).
     */
    List<T> release(Positions positions) {
        if (held.isEmpty()) {
            return List.of();
        }
        if (target == null) {
            Map<TopicPartition, Long> ends = positions.endOffsets();
            if (ends == null) {
                return List.of();
            }
            target = Map.copyOf(ends);
        }
        for (Map.Entry<TopicPartition, Long> t : target.entrySet()) {
            if (positions.position(t.getKey()) < t.getValue()) {
                return List.of();
            }
        }
        List<T> out = held.stream().map(Held::item).toList();
        held.clear();
        target = null;
        return out;
    }

    /** Forgets what was held from partitions no longer assigned; the target is taken again (the assignment changed). */
    List<T> drop(Collection<TopicPartition> revoked) {
        List<T> dropped = new ArrayList<>();
        held.removeIf(h -> {
            boolean gone = revoked.contains(h.from());
            if (gone) {
                dropped.add(h.item());
            }
            return gone;
        });
        target = null;
        return dropped;
    }
}

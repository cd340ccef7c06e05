package io.callstream.callbacks.delivery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry-topic side of delivery, on the delivery consumer's thread: each parked callback read is held
 * (in memory) until its due time and then tried again by the {@link DeliveryEngine}, in its call's order.
 * A later record of the same parkId (a re-parking) updates the one held, and its offset is handled when
 * that callback finishes; a {@code done} marker, or a parkId this instance finished, makes an earlier
 * record read again (after a restart or a rebalance) a no-op. A record's future completes when its offset
 * may be committed.
 */
final class RetryFeed {

    private static final Logger LOG = LoggerFactory.getLogger(RetryFeed.class);
    private static final int REMEMBERED = 200_000;

    private static final class Active {
        volatile Parked latest;
        CompletableFuture<Void> done;

        Active(Parked p) {
            latest = p;
        }
    }

    private final DeliveryEngine engine;
    private final DeliveryMetrics metrics;
    private final DeadLetterWriter deadLetters;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final java.util.Queue<Parked> fenced = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<org.apache.kafka.common.TopicPartition, Long> catchUpTargets = new java.util.HashMap<>();
    private final Map<org.apache.kafka.common.TopicPartition, CompletableFuture<Void>> caughtUp = new java.util.HashMap<>();
    private final Set<String> finished = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));

    RetryFeed(DeliveryEngine engine, DeliveryMetrics metrics, DeadLetterWriter deadLetters) {
        this.engine = engine;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    /**
     * A retry partition was assigned: its parked callbacks are not tried before the consumer has read it up
     * to {@code endOffset}, so that the re-parkings and done markers written before (by a previous owner or
     * run) are seen first and an old record is not tried again.
     */
    void assigned(org.apache.kafka.common.TopicPartition tp, long endOffset) {
        catchUpTargets.put(tp, endOffset);
        caughtUp.put(tp, new CompletableFuture<>());
    }

    /** After a poll: the partitions read up to their target are caught up. */
    void advance(java.util.function.ToLongFunction<org.apache.kafka.common.TopicPartition> position) {
        var it = catchUpTargets.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            long pos;
            try {
                pos = position.applyAsLong(e.getKey());
            } catch (RuntimeException notAssigned) {
                continue;
            }
            if (pos >= e.getValue()) {
                it.remove();
                CompletableFuture<Void> f = caughtUp.remove(e.getKey());
                if (f != null) {
                    f.complete(null);
                }
            }
        }
    }

    /** True when every assigned retry partition was read up to its end as of its assignment. */
    boolean caughtUp() {
        return catchUpTargets.isEmpty();
    }

    /** Partitions no longer assigned. */
    void revoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
        partitions.forEach(tp -> {
            catchUpTargets.remove(tp);
            CompletableFuture<Void> f = caughtUp.remove(tp);
            if (f != null) {
                f.complete(null);
            }
        });
    }

    CompletableFuture<Void> accept(ConsumerRecord<String, byte[]> r, Lease lease) {
        if (r.value() == null) {
            return CompletableFuture.completedFuture(null);
        }
        Parked p;
        try {
            p = Parked.fromJson(r.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("unreadable parked callback {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            metrics.failed("unreadable_parked");
            return deadLetters.writeUnhandled(r.topic() + "-" + r.partition() + "@" + r.offset(), r.key(), r.value(), e.getMessage());
        }
        if (p.done()) {
            finished.add(p.parkId());
            engine.parkFinished(p);
            Active a = active.get(p.parkId());
            if (a != null) {
                a.latest = p;
            }
            return CompletableFuture.completedFuture(null);
        }
        if (finished.contains(p.parkId())) {
            return CompletableFuture.completedFuture(null);
        }
        Active held = active.get(p.parkId());
        if (held != null) {
            if (!held.latest.done() && p.attempts() >= held.latest.attempts()) {
                held.latest = p;
            }
            return held.done;
        }
        Active a = new Active(p);
        active.put(p.parkId(), a);
        CompletableFuture<Void> ready = caughtUp.getOrDefault(new org.apache.kafka.common.TopicPartition(r.topic(), r.partition()),
                CompletableFuture.completedFuture(null));
        a.done = engine.redeliver(p, () -> a.latest, ready, lease);
        a.done.whenComplete((v, ex) -> {
            active.remove(p.parkId(), a);
            if (ex == null) {
                finished.add(p.parkId());
            } else {
                // fenced: the partition's next owner has it now; the call counts as parked here until the
                // rebalance has handed over the call's other work (a later callback is parked behind it)
                fenced.add(p);
            }
        });
        return a.done;
    }

    /** After a rebalance handed its work over: the fenced parked callbacks no longer hold their calls here. */
    void releaseFenced() {
        for (Parked p = fenced.poll(); p != null; p = fenced.poll()) {
            engine.parkFinished(p);
        }
    }

    /** Parked callbacks held until their due time (or in an attempt). */
    int size() {
        return active.size();
    }
}

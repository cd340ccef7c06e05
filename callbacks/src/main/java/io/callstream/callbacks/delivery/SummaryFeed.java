package io.callstream.callbacks.delivery;

import io.callstream.avro.CallSummary;
import io.callstream.callbacks.store.CallbackConfigStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code call-summaries} side of delivery, on the delivery consumer's thread: decodes each summary;
 * one an app's v4 subscription wants ({@code Call.CallbackAfterEndCall}) waits at the {@link SummaryGate}
 * until the consumer has read {@code call-events} far enough, then goes to the {@link DeliveryEngine};
 * any other is handled at once.
 */
final class SummaryFeed {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryFeed.class);

    private record Held(ConsumerRecord<String, byte[]> record, CallSummary summary) {
    }

    private final Consumer<String, byte[]> consumer;
    private final String eventsTopic;
    private final DispatchLanes lanes;
    private final Deserializer<CallSummary> summaries;
    private final CallbackConfigStore store;
    private final DeliveryEngine engine;
    private final DeliveryMetrics metrics;
    private final BiConsumer<ConsumerRecord<String, byte[]>, CompletableFuture<Void>> track;
    private final java.util.function.Function<TopicPartition, Lease> leases;
    private final java.util.function.BiFunction<ConsumerRecord<String, byte[]>, RuntimeException, CompletableFuture<Void>> unhandled;
    private final SummaryGate<Held> gate = new SummaryGate<>();

    /**
     * @param track marks a record handled when its future completes normally (the offset tracker)
     */
    SummaryFeed(Consumer<String, byte[]> consumer, String eventsTopic, DispatchLanes lanes, Deserializer<CallSummary> summaries,
                CallbackConfigStore store, DeliveryEngine engine, DeliveryMetrics metrics,
                BiConsumer<ConsumerRecord<String, byte[]>, CompletableFuture<Void>> track,
                java.util.function.Function<TopicPartition, Lease> leases,
                java.util.function.BiFunction<ConsumerRecord<String, byte[]>, RuntimeException, CompletableFuture<Void>> unhandled) {
        this.leases = leases;
        this.unhandled = unhandled;
        this.consumer = consumer;
        this.eventsTopic = eventsTopic;
        this.lanes = lanes;
        this.summaries = summaries;
        this.store = store;
        this.engine = engine;
        this.metrics = metrics;
        this.track = track;
    }

    /** A record read from call-summaries: held at the gate when an end call may go out for it, else handled. */
    void accept(ConsumerRecord<String, byte[]> r) {
        CallSummary summary = null;
        try {
            summary = r.value() == null ? null : summaries.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            metrics.summary("undecodable");
            track.accept(r, unhandled.apply(r, new IllegalArgumentException("undecodable: " + e.getMessage(), e)));
            return;
        }
        if (summary != null && DeliveryEngine.endCallSubscription(store.get(summary.getSdkAppId())).isPresent()) {
            gate.hold(new TopicPartition(r.topic(), r.partition()), new Held(r, summary));
            return;
        }
        if (summary != null) {
            metrics.summary("not_matched");
        }
        track.accept(r, CompletableFuture.completedFuture(null));
    }

    /**
     * Submits the held summaries once the gate opens, each in its app's dispatch queue: after the call's
     * events read before it, which may still wait there.
     */
    void release() {
        for (Held h : gate.release(new EventPositions())) {
            Lease lease = leases.apply(new TopicPartition(h.record().topic(), h.record().partition()));
            track.accept(h.record(), lanes.submit(h.summary().getSdkAppId(), () -> {
                try {
                    return engine.submit(h.summary(), lease);
                } catch (RuntimeException e) {
                    return unhandled.apply(h.record(), e);
                }
            }));
        }
    }

    /** True while summaries wait: call-summaries stays paused meanwhile. */
    boolean waiting() {
        return gate.holding();
    }

    /** How many summaries wait (read, in no delivery yet). */
    int size() {
        return gate.size();
    }

    /** Partitions revoked or lost: their held summaries are dropped (read again by their next owner). */
    void drop(Collection<TopicPartition> partitions) {
        gate.drop(partitions);
    }

    /** The assigned call-events partitions as the gate sees them. */
    private final class EventPositions implements SummaryGate.Positions {
        @Override
        public Map<TopicPartition, Long> endOffsets() {
            List<TopicPartition> events = consumer.assignment().stream().filter(tp -> tp.topic().equals(eventsTopic)).toList();
            try {
                return events.isEmpty() ? Map.of() : consumer.endOffsets(events, Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("cannot read the end offsets of {} (end calls wait): {}", eventsTopic, e.toString());
                return null;
            }
        }

        @Override
        public long position(TopicPartition tp) {
            if (!consumer.assignment().contains(tp)) {
                return Long.MAX_VALUE;
            }
            try {
                return consumer.position(tp, Duration.ofMillis(100));
            } catch (RuntimeException e) {
                return -1;
            }
        }
    }
}

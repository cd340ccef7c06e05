package io.callstream.processor.http;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.MissedReason;
import io.callstream.processor.topology.DeadLetters;
import io.callstream.processor.topology.SessionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link SessionMetrics} as Prometheus counters: {@code callstream_processor_summaries_total{outcome}},
 * {@code callstream_processor_summary_revisions_total} (revisions above 1),
 * {@code callstream_processor_alerts_total{reason}}, {@code callstream_processor_dead_letters_total{reason}},
 * {@code callstream_processor_duplicates_total}, {@code callstream_processor_events_after_expiry_total}. Counted when emitted; an aborted transaction's
 * records are counted again on reprocessing.
 */
public final class MicrometerSessionMetrics implements SessionMetrics {

    private final Counter[] summaries;
    private final Counter revisions;
    private final Counter[] alerts;
    private final MeterRegistry registry;
    private final java.util.Map<String, Counter> deadLetters = new java.util.concurrent.ConcurrentHashMap<>();
    private final Counter duplicates;
    private final Counter afterExpiry;

    public MicrometerSessionMetrics(MeterRegistry registry) {
        this.registry = registry;
        summaries = new Counter[CallOutcome.values().length];
        for (CallOutcome o : CallOutcome.values()) {
            summaries[o.ordinal()] = Counter.builder("callstream.processor.summaries").tag("outcome", o.name())
                    .description("Call summaries emitted, by call outcome").register(registry);
        }
        alerts = new Counter[MissedReason.values().length];
        for (MissedReason r : MissedReason.values()) {
            alerts[r.ordinal()] = Counter.builder("callstream.processor.alerts").tag("reason", r.name())
                    .description("Missed-call alerts emitted, by reason").register(registry);
        }
        revisions = Counter.builder("callstream.processor.summary.revisions")
                .description("Revised summaries (revision > 1) emitted for late events").register(registry);
        duplicates = Counter.builder("callstream.processor.duplicates")
                .description("Duplicate deliveries ignored").register(registry);
        // registered at 0, so that alert rules see the first dead letter of each reason
        for (String reason : DeadLetters.REASONS) {
            deadLetter(reason, 0);
        }
        afterExpiry = Counter.builder("callstream.processor.events.after.expiry")
                .description("Events ignored because their call's session had expired (tombstoned)").register(registry);
    }

    @Override
    public void summary(CallOutcome outcome, int revision) {
        summaries[outcome.ordinal()].increment();
        if (revision > 1) {
            revisions.increment();
        }
    }

    @Override
    public void alert(MissedReason reason) {
        alerts[reason.ordinal()].increment();
    }

    @Override
    public void deadLetter(String reason) {
        deadLetter(reason, 1);
    }

    private void deadLetter(String reason, int n) {
        deadLetters.computeIfAbsent(reason, r -> Counter.builder("callstream.processor.dead.letters").tag("reason", r)
                .description("Records sent to the dead-letter topic, by reason").register(registry)).increment(n);
    }

    @Override
    public void duplicate() {
        duplicates.increment();
    }

    @Override
    public void afterExpiry() {
        afterExpiry.increment();
    }
}

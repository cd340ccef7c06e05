package io.callstream.processor.console;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.processor.topology.SessionMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * What this instance's topology did, for the live console ({@link ConsoleHub}): totals since start (events,
 * dead letters, duplicates, calls opened and first summaries), outcomes per wall-clock minute (the last
 * {@value #MINUTES}), ring- and talk-time histograms of first summaries, and the latest {@value #ALERTS}
 * missed-call alerts. Fed by the session processor's {@link SessionMetrics} hooks of every stream thread;
 * like the Prometheus counters, an aborted transaction's records are counted again when reprocessed.
 */
public final class ConsoleStats implements SessionMetrics {

    static final int MINUTES = 30;
    static final int ALERTS = 50;
    /** Upper bounds (ms, exclusive) of the ring-time buckets; one more bucket holds the rest. */
    static final long[] RING_BOUNDS = {2_000, 5_000, 10_000, 20_000, 30_000, 60_000};
    /** Upper bounds (ms, exclusive) of the talk-time buckets; one more bucket holds the rest. */
    static final long[] TALK_BOUNDS = {10_000, 30_000, 60_000, 120_000, 300_000, 600_000};

    private final LongSupplier clock;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong decided = new AtomicLong();
    private final AtomicLongArray ring = new AtomicLongArray(RING_BOUNDS.length + 1);
    private final AtomicLongArray talk = new AtomicLongArray(TALK_BOUNDS.length + 1);
    private final TreeMap<Long, long[]> perMinute = new TreeMap<>();
    /** The latest alerts by alertId, oldest first: an alert reprocessed after an abort replaces its entry in O(1). */
    private final LinkedHashMap<String, ConsoleSnapshot.Alert> alerts = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ConsoleSnapshot.Alert> eldest) {
            return size() > ALERTS;
        }
    };

    public ConsoleStats(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void event() {
        events.incrementAndGet();
    }

    @Override
    public void deadLetter(String reason) {
        deadLetters.incrementAndGet();
    }

    @Override
    public void duplicate() {
        duplicates.incrementAndGet();
    }

    @Override
    public void callOpened() {
        opened.incrementAndGet();
    }

    @Override
    public void emitted(CallSummary s) {
        if (s.getRevision() != 1) {
            return; // a revision revises a call already counted
        }
        decided.incrementAndGet();
        if (s.getRingDurationMs() != null) {
            ring.incrementAndGet(bucket(RING_BOUNDS, s.getRingDurationMs()));
        }
        if (s.getAnsweredAt() != null) {
            talk.incrementAndGet(bucket(TALK_BOUNDS, s.getTalkDurationMs()));
        }
        long minute = clock.getAsLong() / 60_000;
        synchronized (perMinute) {
            perMinute.computeIfAbsent(minute, m -> new long[CallOutcome.values().length])[s.getOutcome().ordinal()]++;
            while (perMinute.firstKey() <= minute - MINUTES) {
                perMinute.pollFirstEntry();
            }
        }
    }

    @Override
    public void emitted(MissedCallAlert a) {
        ConsoleSnapshot.Alert alert = new ConsoleSnapshot.Alert(a.getAlertId(), a.getSdkAppId(), a.getCallId(),
                a.getCalleeId(), a.getCallerId(), a.getReason().name(), a.getRingDurationMs(), clock.getAsLong());
        synchronized (alerts) {
            alerts.remove(alert.alertId()); // reprocessed after an abort: listed once, as the newest
            alerts.put(alert.alertId(), alert);
        }
    }

    /** This instance's view now; {@code lag} is its consumer lag on call-events. */
    public ConsoleSnapshot snapshot(String instance, long lag) {
        Map<Long, long[]> minutes = new TreeMap<>();
        synchronized (perMinute) {
            perMinute.forEach((m, c) -> minutes.put(m, c.clone()));
        }
        List<ConsoleSnapshot.Alert> latest;
        synchronized (alerts) {
            latest = new ArrayList<>(alerts.values());
        }
        Collections.reverse(latest); // newest first
        long opens = opened.get();
        long decisions = decided.get();
        return new ConsoleSnapshot(List.of(instance), clock.getAsLong(), events.get(), deadLetters.get(),
                duplicates.get(), Math.max(0, opens - decisions), lag, ConsoleSnapshot.outcomeMinutes(minutes),
                toArray(ring), toArray(talk), latest);
    }

    static int bucket(long[] bounds, long value) {
        for (int i = 0; i < bounds.length; i++) {
            if (value < bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    private static long[] toArray(AtomicLongArray a) {
        long[] out = new long[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }
}

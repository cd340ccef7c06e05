package io.callstream.bench;

import org.HdrHistogram.Histogram;

/**
 * Where an alert's latency goes, from three instants per alert: the 200 of its deciding webhook
 * (the bench's {@link System#nanoTime()}), the broker's log-append time of the alert record (the
 * alert topic is created with {@code message.timestamp.type=LogAppendTime}, so the record's
 * timestamp is when the processor's producer batch reached the broker, ms resolution) and its
 * arrival at a {@code read_committed} consumer. The first span holds the processor's fetch, its
 * processing and the producer's linger (or the wait for the commit's flush); the second the rest of
 * the transaction (offsets, EndTxn, markers) and the consumer's fetch. Broker and bench share one
 * clock (same machine).
 */
final class AlertBreakdown {

    private final long epochMicrosAtBase;
    private final long nanoBase;
    final Histogram total = new Histogram(3_600_000_000L, 3);
    final Histogram toAppend = new Histogram(3_600_000_000L, 3);
    final Histogram appendToVisible = new Histogram(3_600_000_000L, 3);

    /** {@code epochMicrosAtBase} is the wall clock in µs at {@code nanoBase} ({@link System#nanoTime()}). */
    AlertBreakdown(long epochMicrosAtBase, long nanoBase) {
        this.epochMicrosAtBase = epochMicrosAtBase;
        this.nanoBase = nanoBase;
    }

    static AlertBreakdown now() {
        java.time.Instant i = java.time.Clock.systemUTC().instant();
        long nano = System.nanoTime();
        return new AlertBreakdown(i.getEpochSecond() * 1_000_000 + i.getNano() / 1000, nano);
    }

    /** The wall clock in µs at a {@link System#nanoTime()} reading. */
    long epochMicros(long nanoTime) {
        return epochMicrosAtBase + (nanoTime - nanoBase) / 1000;
    }

    /** Records one alert: deciding webhook answered and seen at {@code nanoTime}s, appended at {@code appendMs} (epoch ms). */
    synchronized void record(long answeredNanos, long appendEpochMs, long visibleNanos) {
        long answered = epochMicros(answeredNanos);
        long visible = epochMicros(visibleNanos);
        long append = appendEpochMs * 1000;
        total.recordValue(Math.max(0, visible - answered));
        // ms resolution of the append time: clamp into [answered, visible] so the two spans add up
        long a = Math.min(Math.max(append, answered), visible);
        toAppend.recordValue(a - answered);
        appendToVisible.recordValue(visible - a);
    }
}

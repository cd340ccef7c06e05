package io.callstream.deploy.traffic;

import java.util.Arrays;

/**
 * Records latencies (nanoseconds) for exact percentiles: every value is kept, in a total series and
 * in an interval series that {@link #takeInterval()} drains for the live progress line.
 * Thread-safe; memory is 16 bytes per value.
 */
public final class LatencyRecorder {

    private long[] all = new long[1024];
    private int count;
    private long[] interval = new long[1024];
    private int intervalCount;

    public synchronized void record(long nanos) {
        if (count == all.length) {
            all = Arrays.copyOf(all, all.length * 2);
        }
        all[count++] = nanos;
        if (intervalCount == interval.length) {
            interval = Arrays.copyOf(interval, interval.length * 2);
        }
        interval[intervalCount++] = nanos;
    }

    /** Percentiles of everything recorded so far. */
    public synchronized Percentiles total() {
        return Percentiles.of(Arrays.copyOf(all, count));
    }

    /** Percentiles of what was recorded since the last call, then starts a new interval. */
    public synchronized Percentiles takeInterval() {
        Percentiles p = Percentiles.of(Arrays.copyOf(interval, intervalCount));
        intervalCount = 0;
        return p;
    }

    /** Latency percentiles in nanoseconds (0 when there were no values). */
    public record Percentiles(long count, long p50, long p99, long p999, long max) {

        static Percentiles of(long[] values) {
            if (values.length == 0) {
                return new Percentiles(0, 0, 0, 0, 0);
            }
            Arrays.sort(values);
            return new Percentiles(values.length, at(values, 0.50), at(values, 0.99), at(values, 0.999),
                    values[values.length - 1]);
        }

        /** Nearest-rank percentile. */
        static long at(long[] sorted, double q) {
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }
}

package io.callstream.bench;

import java.util.Locale;

/**
 * What one constant-rate run of {@link LoadDriver} measured. Latencies are from each request's
 * scheduled send time to its answer (no coordinated omission), in microseconds.
 */
public record LoadResult(double targetRate, long sent, long ok, long rejected, long errors, double achievedRate,
                         long p50Micros, long p99Micros, long p999Micros, long maxMicros) {

    /** Every request answered 2xx and the achieved rate kept up with the target. */
    public boolean sustained() {
        return rejected == 0 && errors == 0 && ok == sent && achievedRate >= targetRate * 0.95;
    }

    public String line() {
        return String.format(Locale.ROOT, "target %,.0f/s achieved %,.0f/s sent %,d ok %,d rejected %,d errors %,d "
                        + "p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms", targetRate, achievedRate, sent, ok, rejected,
                errors, p50Micros / 1e3, p99Micros / 1e3, p999Micros / 1e3, maxMicros / 1e3);
    }
}

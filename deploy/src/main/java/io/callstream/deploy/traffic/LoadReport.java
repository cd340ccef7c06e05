package io.callstream.deploy.traffic;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a {@link LoadGenerator} run. Latency is measured from each request's scheduled
 * send time to its final answer (retries included), so a stalled server shows up in the
 * percentiles instead of slowing the schedule down (no coordinated omission).
 *
 * @param sent          webhooks sent (each once, whatever the retries)
 * @param acknowledged  answered 200
 * @param rejected      finally answered with another status (after retries for 503)
 * @param errors        no answer (connection failure or timeout, after retries)
 * @param retries       re-sends after a 503 or a connection failure
 * @param statusCounts  final answers by HTTP status
 */
public record LoadReport(long sent, long acknowledged, long rejected, long errors, long retries,
                         Duration elapsed, double targetRate, LatencyRecorder.Percentiles latency,
                         Map<Integer, Long> statusCounts) {

    public LoadReport {
        statusCounts = Map.copyOf(statusCounts);
    }

    /** Acknowledged requests per second over the run. */
    public double achievedRate() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : acknowledged / s;
    }

    public String render() {
        return String.format(Locale.ROOT,
                "sent %d, acknowledged %d, rejected %d, errors %d, retries %d in %.1f s%n"
                        + "rate %.0f req/s achieved (target %s)%n"
                        + "latency ms: p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n"
                        + "answers by status: %s",
                sent, acknowledged, rejected, errors, retries, elapsed.toMillis() / 1000.0, achievedRate(),
                targetRate > 0 ? String.format(Locale.ROOT, "%.0f", targetRate) : "max",
                ms(latency.p50()), ms(latency.p99()), ms(latency.p999()), ms(latency.max()), statusCounts);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}

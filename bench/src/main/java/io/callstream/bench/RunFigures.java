package io.callstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures one phase measured that a later one needs (the end-to-end phase runs at half of the
 * pipeline's max) or that the targets table ({@link Targets}) compares. Filled by the phases as they
 * run; a phase that did not run leaves its entries absent.
 */
final class RunFigures {

    /** The ingest phase, per body generation. */
    final Map<Webhooks.Format, Ingest> ingest = new LinkedHashMap<>();

    /** Processor phase, by tag {@code p<partitions>-t<threads>}: sessionizing and pass-through rate and CPU per event. */
    final Map<String, Processor> processor = new LinkedHashMap<>();

    /**
     * The pipeline's sustainable max in webhooks/s (ingest and processor together, the processor's
     * backlog bounded), found by the end-to-end phase's search; NaN when it did not run or found none.
     */
    double pipelineMax = Double.NaN;

    /** Alert latency runs at (about) half of the pipeline's max: the end-to-end phase's, then alert-commit's per interval. */
    final List<Alert> alerts = new ArrayList<>();

    /**
     * One body generation in the ingest phase: the bare handler's and ingest's best max sustained req/s,
     * their CPU µs per request at 2,000 req/s and at each one's own max, and ingest's latency run at half
     * of its max (offered rate, p99 in µs).
     */
    record Ingest(double bareMax, double max, double bareCpuFixed, double cpuFixed, double bareCpuAtMax,
                  double cpuAtMax, double halfRate, long halfP99Micros) {
    }

    record Processor(double sessionRate, double passRate, double sessionCpuMicros, double passCpuMicros) {
    }

    /** An alert-latency run: where, at which commit.interval.ms, its rate (webhooks/s) and why that rate, p99 and alerts seen. */
    record Alert(String phase, int commitIntervalMs, double rate, String rateBasis, long p99Micros, long alerts) {
    }
}

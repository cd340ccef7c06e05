package io.callstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures one phase measured that a later one needs (the end-to-end phase runs at half of the
 * pipeline's max) or that the targets table compares. Filled by the phases as they run; a phase that
 * did not run leaves its entries absent.
 */
final class RunFigures {

    /** Ingest's max sustained req/s per body generation (the ingest phase, best connection count). */
    final Map<Webhooks.Format, Double> ingestMax = new LinkedHashMap<>();

    /** Processor phase, by tag {@code p<partitions>-t<threads>}: sessionizing and pass-through rate and CPU per event. */
    final Map<String, Processor> processor = new LinkedHashMap<>();

    /** Alert latency runs at (about) half of the pipeline's max: the end-to-end phase's, then alert-commit's per interval. */
    final java.util.List<Alert> alerts = new java.util.ArrayList<>();

    /** An alert-latency run: where, at which commit.interval.ms, its rate (webhooks/s) and why that rate, p99 and alerts seen. */
    record Alert(String phase, int commitIntervalMs, double rate, String rateBasis, long p99Micros, long alerts) {
    }

    record Processor(double sessionRate, double passRate, double sessionCpuMicros, double passCpuMicros) {
    }
}

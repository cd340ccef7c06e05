package io.callstream.bench;

/**
 * The rate the latency phases (end to end, alert-commit) run at: half of the pipeline's maximum
 * (issue #19: "alert p99 ≤ 150 ms at half the maximum rate"). One webhook becomes one event, so
 * ingest's max (webhooks/s) and the processor's (events/s) compare directly.
 */
final class PipelineRate {

    private PipelineRate() {
    }

    /** The lower of ingest's and the processor's max; a figure that was not measured (NaN or ≤ 0) is ignored. */
    static double max(double ingestMax, double processorMax) {
        boolean ingest = ingestMax > 0;
        boolean processor = processorMax > 0;
        if (!ingest && !processor) {
            throw new IllegalArgumentException("neither ingest's nor the processor's max rate was measured");
        }
        return ingest && processor ? Math.min(ingestMax, processorMax) : ingest ? ingestMax : processorMax;
    }

    /** Half of {@code max}, at least {@code floor} (so a search that found almost nothing still leaves a measurable run). */
    static double half(double max, double floor) {
        return Math.max(floor, max / 2);
    }
}

package io.callstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The rate the latency phases (end to end, alert-commit) run at: half of the pipeline's maximum
 * (issue #19: "alert p99 ≤ 150 ms at half the maximum rate"). One webhook becomes one event, so
 * ingest's max (webhooks/s) and the processor's (events/s) compare directly. The maxima measured
 * apart (ingest's short rate-search steps, the processor on a preload) overestimate what the two
 * sustain together on shared cores (or, measured on cold JVMs, underestimate it), so
 * {@link #sustainable} then searches, with the whole pipeline running, the highest rate at which every
 * webhook is answered and the processor's backlog stays bounded.
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

    /** Runs the whole pipeline at a rate for one step of the search. */
    @FunctionalInterface
    interface Step {
        StepResult run(double rate) throws Exception;
    }

    /**
     * One step: offered webhooks/s, achieved webhooks/s (answered ÷ elapsed), calls with a failed webhook,
     * the processor's lag (events on its input not yet committed) at most and at the step's end.
     */
    record StepResult(double rate, double achieved, long failures, double lagMax, double lagEnd) {

        /** The backlog a step may end with: half a second of events, at least {@value #MIN_BACKLOG}. */
        static final double BACKLOG_SECONDS = 0.5;
        static final double MIN_BACKLOG = 200;

        /** Every webhook answered 200, ≥ 95 % of the rate achieved, and the processor ended the step less than half a second behind. */
        boolean sustained() {
            return failures == 0 && achieved >= 0.95 * rate && lagEnd <= Math.max(MIN_BACKLOG, BACKLOG_SECONDS * rate);
        }

        String line() {
            return String.format(Locale.ROOT, "%,.0f webhooks/s offered, %,.0f achieved, %,d failed calls, processor lag "
                    + "max %,.0f, at the end %,.0f: %s", rate, achieved, failures, lagMax, lagEnd,
                    sustained() ? "sustained" : "not sustained");
        }
    }

    /** The highest rate found sustained (the floor when none was), and every step in the order run. */
    record Search(double max, boolean found, List<StepResult> steps) {
    }

    /**
     * From {@code start} (the maxima measured apart) up by ×1.5 while steps are sustained, or down by
     * ×0.6 until one is (or the floor is reached), then two bisection steps between the highest rate
     * sustained and the lowest that was not; rates rounded to whole webhooks/s. The start only saves
     * steps: ingest's short search with a cold processor beside it can land well below or above what
     * the two sustain together.
     */
    static Search sustainable(double start, double floor, Step step, Consumer<String> progress) throws Exception {
        List<StepResult> steps = new ArrayList<>();
        double good = 0;
        double bad = 0;
        double rate = Math.max(floor, Math.rint(start));
        while (true) {
            StepResult r = step.run(rate);
            steps.add(r);
            progress.accept("sustainable rate: " + r.line());
            if (r.sustained()) {
                good = rate;
                if (bad > 0 || rate >= 1_000_000) {
                    break;
                }
                rate = Math.rint(rate * 1.5);
            } else {
                bad = rate;
                if (good > 0 || rate <= floor) {
                    break;
                }
                rate = Math.max(floor, Math.rint(rate * 0.6));
            }
        }
        for (int i = 0; i < 2 && good > 0 && bad > 0; i++) {
            double mid = Math.rint((good + bad) / 2);
            StepResult r = step.run(mid);
            steps.add(r);
            progress.accept("sustainable rate: " + r.line());
            if (r.sustained()) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return new Search(good > 0 ? good : floor, good > 0, steps);
    }

    /** Half of {@code max}, at least {@code floor} (so a search that found almost nothing still leaves a measurable run). */
    static double half(double max, double floor) {
        return Math.max(floor, max / 2);
    }
}

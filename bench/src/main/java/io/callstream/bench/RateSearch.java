package io.callstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the highest rate a server sustains (every request answered 2xx, achieved ≥ 95 % of target):
 * rates rise ×1.5 from a start until a step fails, then two bisection steps refine it (up to eight
 * when even the start rate failed, so a loaded machine still gets a figure).
 * {@link #latency} then measures latency at 25/50/75 % of that rate.
 */
final class RateSearch {

    record Outcome(double maxSustained, LoadResult warmUp, List<LoadResult> steps, List<LoadResult> latencyRuns) {

        Outcome withLatencyRuns(List<LoadResult> runs) {
            return new Outcome(maxSustained, warmUp, steps, runs);
        }

        /** The latency run at 50 % of the max (issue #19's "half of the maximum rate"). */
        LoadResult halfMax() {
            return latencyRuns.get(java.util.Arrays.binarySearch(LATENCY_SHARES, 0.5));
        }

        /** Requests answered 2xx over every run of the search. */
        long acknowledged() {
            return warmUp.ok() + steps.stream().mapToLong(LoadResult::ok).sum()
                    + latencyRuns.stream().mapToLong(LoadResult::ok).sum();
        }
    }

    /** The shares of the max sustained rate {@link #latency} runs at. */
    static final double[] LATENCY_SHARES = {0.25, 0.5, 0.75};

    private RateSearch() {
    }

    static Outcome run(LoadDriver driver, LoadDriver.Requests requests, double startRate, double stepSeconds,
                       double latencySeconds, Consumer<String> progress) throws InterruptedException {
        List<LoadResult> steps = new ArrayList<>();
        progress.accept("warm-up at " + (long) startRate + "/s");
        LoadResult warmUp = driver.run(startRate, stepSeconds, requests);
        double good = 0;
        double bad = 0;
        double rate = startRate;
        while (bad == 0 && rate < 1_000_000) {
            LoadResult r = driver.run(rate, stepSeconds, requests);
            steps.add(r);
            progress.accept(r.line());
            if (r.sustained()) {
                good = rate;
                rate *= 1.5;
            } else {
                bad = rate;
            }
        }
        // two bisection steps; more while nothing was sustained yet (a loaded machine that fails the first rate)
        for (int i = 0; (i < 2 || good == 0 && i < 8) && bad > 0; i++) {
            double mid = (good + bad) / 2;
            LoadResult r = driver.run(mid, stepSeconds, requests);
            steps.add(r);
            progress.accept(r.line());
            if (r.sustained()) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return new Outcome(good, warmUp, steps, List.of());
    }

    /** Latency runs at 25/50/75 % of the max the search found; the outcome with them. */
    static Outcome latency(LoadDriver driver, LoadDriver.Requests requests, Outcome search, double latencySeconds,
                           Consumer<String> progress) throws InterruptedException {
        List<LoadResult> latency = new ArrayList<>();
        for (double share : LATENCY_SHARES) {
            LoadResult r = driver.run(Math.max(1, search.maxSustained() * share), latencySeconds, requests);
            latency.add(r);
            progress.accept((int) (share * 100) + "% of max: " + r.line());
        }
        return search.withLatencyRuns(latency);
    }
}

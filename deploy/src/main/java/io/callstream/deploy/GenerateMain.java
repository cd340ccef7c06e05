package io.callstream.deploy;

import io.callstream.deploy.stack.StackConfig;
import io.callstream.deploy.traffic.CallFactory;
import io.callstream.deploy.traffic.CallbackFormat;
import io.callstream.deploy.traffic.LoadGenerator;
import io.callstream.deploy.traffic.LoadReport;
import io.callstream.deploy.traffic.OutcomeCheck;
import io.callstream.deploy.traffic.TrafficMix;
import io.callstream.deploy.traffic.TrafficPlan;
import io.callstream.deploy.traffic.Verifier;
import io.callstream.deploy.traffic.WarehouseRows;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code deploy/generate.sh}: sends realistic TUICallKit traffic, in the callback families of
 * {@code --format}, to an ingest, prints a live progress line and a final report, and with
 * {@code --verify} checks every generated call's summary and alerts on the output topics. Exit code
 * 0 only when every request was acknowledged and (with --verify) there is no mismatch.
 */
public final class GenerateMain {

    static final String USAGE = """
            usage: deploy/generate.sh [options]
              --calls N            calls to make (default 1000)
              --format F           callback families: v1 (event callbacks), v1-status (plus the status
                                   callback), v4 (Call.CallbackAfter*), mixed (each call one of those, or
                                   v1 and v4 for the same CallId) (default v1)
              --rate R             target requests per second, 0 = as fast as possible (default 500)
              --mix SPEC           scenario weights (default %s)
              --out-of-order P     share of calls whose callbacks arrive shuffled (default 0.3)
              --duplicates P       share of callbacks delivered twice (default 0.05)
              --window N           calls in flight whose callbacks interleave (default 50)
              --unordered          let a call's callbacks race each other (default: each call's callbacks
                                   are sent one after the other, in the planned, possibly shuffled, order)
              --concurrency N      max outstanding HTTP requests (default 256)
              --retries N          re-sends after a 503 or connection failure (default 5)
              --seed N             random seed (default: time)
              --url URL            ingest base URL (default http://<CALLSTREAM_HTTP_HOST>:<CALLSTREAM_HTTP_PORT>)
              --sdkappid ID        sdkappid query parameter (default: first of CALLSTREAM_SDKAPPIDS)
              --verify             then check call-summaries and missed-call-alerts, and print the rows
                                   the warehouse tables must get (local.sh --warehouse)
              --verify-timeout S   seconds to wait for the pipeline's output (default 120)
              --show-mismatches N  mismatches printed in full (default 20); all are counted by kind
              --bootstrap-servers  Kafka for --verify (default as the local stack)
              --registry-url URL   schema registry for --verify (default as the local stack)
              --quiet              no progress line
            """.formatted(TrafficMix.DEFAULT_MIX);

    private GenerateMain() {
    }

    public static void main(String[] argv) {
        ToolConfig.quietLogging();
        try {
            System.exit(run(argv, System.out, System.err));
        } catch (IllegalArgumentException e) {
            System.err.println("generate: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    /** Runs the tool; returns the exit code. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        Args a = Args.parse(argv, List.of("calls", "format", "rate", "mix", "out-of-order", "duplicates", "window", "concurrency",
                        "retries", "seed", "url", "sdkappid", "verify-timeout", "bootstrap-servers", "registry-url",
                        "show-mismatches"),
                List.of("verify", "quiet", "help", "unordered"));
        if (a.flag("help")) {
            out.print(USAGE);
            return 0;
        }
        StackConfig c = ToolConfig.load();
        long seed = a.longValue("seed", System.nanoTime());
        TrafficMix mix = new TrafficMix(TrafficMix.parseWeights(a.value("mix", TrafficMix.DEFAULT_MIX)),
                a.doubleValue("out-of-order", 0.3), a.doubleValue("duplicates", 0.05));
        long calls = a.longValue("calls", 1000);
        boolean verify = a.flag("verify");
        CallbackFormat format = CallbackFormat.parse(a.value("format", CallbackFormat.V1.label()));
        String runId = "gen-" + Long.toString(Instant.now().toEpochMilli(), 36);
        CallFactory factory = new CallFactory(seed, runId, Instant.now().getEpochSecond(), 10_000, format);
        TrafficPlan plan = new TrafficPlan(factory, mix, calls, (int) a.longValue("window", 50), seed, verify);
        String url = a.value("url", c.ingestUrl());
        long sdkAppId = Long.parseLong(a.value("sdkappid", c.sdkAppIds().isEmpty() ? "1400000001" : c.sdkAppIds().get(0)));
        LoadGenerator.Options opts = new LoadGenerator.Options(url, sdkAppId, a.doubleValue("rate", 500),
                (int) a.longValue("concurrency", 256), Duration.ofSeconds(30), (int) a.longValue("retries", 5),
                !a.flag("unordered"));
        boolean quiet = a.flag("quiet");
        out.printf("generate: run %s, %d calls to %s (sdkappid %d, format %s, rate %s, mix %s, seed %d)%n", runId, calls,
                url, sdkAppId, format.label(), opts.rate() > 0 ? String.format(Locale.ROOT, "%.0f/s", opts.rate()) : "max",
                a.value("mix", TrafficMix.DEFAULT_MIX), seed);
        LoadReport report = send(opts, plan, quiet, err);
        out.println(report.render());
        out.printf("calls %d (%s), duplicate deliveries %d%n", plan.callsMade(), families(plan), plan.duplicatesPlanned());
        boolean ok = report.acknowledged() == report.sent();
        if (verify) {
            Verifier verifier = new Verifier(new Verifier.Target(a.value("bootstrap-servers", c.bootstrapServers()),
                    a.value("registry-url", c.registryUrl()), c.topicCallSummaries(), c.topicMissedCallAlerts(),
                    c.kafkaClientProperties(), c.registryClientProperties()));
            Verifier.Result result = verifier.verify(runId, plan.expectations(),
                    Duration.ofSeconds(a.longValue("verify-timeout", 120)),
                    quiet ? Optional.empty() : Optional.of(s -> err.print("\r" + s + "   ")));
            if (!quiet) {
                err.println();
            }
            print(result, (int) a.longValue("show-mismatches", 20), out);
            out.println(WarehouseRows.of(plan.expectations()).render()
                    + " (run " + runId + ": call ids start with " + runId + "-)");
            ok &= result.ok();
        }
        return ok ? 0 : 1;
    }

    /** Sends the plan with a live progress line on {@code err} (unless quiet). */
    static LoadReport send(LoadGenerator.Options opts, TrafficPlan plan, boolean quiet, PrintStream err) {
        LoadGenerator generator = new LoadGenerator(opts);
        try {
            LoadReport report = generator.run(plan, quiet ? Optional.empty() : Optional.of(p -> err.printf(Locale.ROOT,
                    "\r%5.0fs  sent %d  acknowledged %d  rejected %d  errors %d  rate %.0f/s  p50 %.1f ms  p99 %.1f ms   ",
                    p.elapsed().toMillis() / 1000.0, p.sent(), p.acknowledged(), p.rejected(), p.errors(),
                    p.intervalRate(), p.intervalLatency().p50() / 1e6, p.intervalLatency().p99() / 1e6)));
            if (!quiet) {
                err.println();
            }
            return report;
        } finally {
            generator.close();
        }
    }

    /** Calls by families, e.g. {@code v1 312, v4 350}. */
    static String families(TrafficPlan plan) {
        return plan.callsByFamilies().entrySet().stream().map(e -> e.getKey().label() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The first {@code show} mismatches in full, then every mismatch counted by kind, then the totals. */
    static void print(Verifier.Result result, int show, PrintStream out) {
        result.mismatches().stream().limit(show).forEach(m -> out.println("MISMATCH " + m));
        if (result.mismatches().size() > show) {
            out.println("... and " + (result.mismatches().size() - show) + " more (--show-mismatches N)");
        }
        Map<String, Long> kinds = new TreeMap<>(result.mismatches().stream()
                .collect(Collectors.groupingBy(OutcomeCheck::kind, Collectors.counting())));
        kinds.forEach((kind, n) -> out.printf("%8d x %s%n", n, kind));
        out.printf("verify: %d calls checked, %d without a summary, %d mismatches%n", result.calls(),
                result.missingSummaries(), result.mismatches().size());
    }
}

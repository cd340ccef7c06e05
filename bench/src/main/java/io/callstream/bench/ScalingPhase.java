package io.callstream.bench;

import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scaling curve on one machine ({@code --phases scaling}): ingest and processor throughput with
 * 1, 2 and 4 instances, each level on a fresh topic with as many partitions as instances.
 * Ingest: N ingest JVMs, each on its own port, fed round-robin by one open-loop driver (256
 * connections split between them), max sustained rate searched as in the ingest phase. Processor: N
 * processor JVMs (one stream thread each) in one consumer group consume a preloaded topic
 * (1,000,000 events, 30,000 when quick); rate as in the processor phase. Writes a table and
 * {@code scaling.svg}.
 */
final class ScalingPhase {

    private static final int[] LEVELS = {1, 2, 4};

    private final BenchSuite suite;
    private final Plot plot = new Plot("Throughput vs instances (= partitions), one 2-core machine", "instances",
            "per second");

    ScalingPhase(BenchSuite suite) {
        this.suite = suite;
    }

    void run() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int n : LEVELS) {
            rows.add(ingest(n));
        }
        long events = suite.quick() ? 30_000 : 1_000_000;
        for (int n : LEVELS) {
            rows.add(processor(n, events));
        }
        suite.add("### Scaling: throughput vs instances on one machine (instances = partitions)");
        suite.add("");
        suite.add("| service | instances | partitions | warm-up per instance (2xx / sent) | throughput | per instance | vs 1 instance | load avg (start → end) |");
        suite.add("|---|---|---|---|---|---|---|---|");
        rows.forEach(suite::add);
        suite.add("");
        suite.add(String.format(Locale.ROOT, "Ingest: before the search, every instance gets a warm-up of its own, one "
                + "instance after the other: %s, each at the instance alone over its share of the connections (the "
                + "same at every level, so 1, 2 and 4 instances are measured with equally warm JVMs). Then max "
                + "sustained req/s (all 2xx, ≥ 95 %% of the target), v1 bodies, "
                + "256 keep-alive connections split evenly over the instances, each instance `-Xmx512m` with its "
                + "default event loops (one per core). Processor: %,d preloaded CallEvents, one stream thread per "
                + "instance, `-Xmx512m` each, exactly_once_v2; events/s from the group's first commit to its last. "
                + "Every JVM (broker, registry, driver, the instances) shares the same cores, so more instances "
                + "cannot add CPU here: the curve shows the cost of coordination on a fixed machine, not the gain "
                + "on a cluster. Plot: `scaling.svg`.", warmUpText(), events));
        suite.add("");
        plot.write(suite.outDir().resolve("scaling.svg"));
    }

    private static final int CONNECTIONS = 256;

    /** The warm-up every ingest instance gets on its own: {rate/s, seconds} steps. */
    private double[][] warmUpSteps() {
        return suite.quick() ? new double[][] {{1_000, 2}, {2_000, 2}} : new double[][] {{2_000, 4}, {4_000, 4}, {8_000, 4}};
    }

    private String warmUpText() {
        StringBuilder b = new StringBuilder();
        for (double[] step : warmUpSteps()) {
            b.append(b.length() == 0 ? "" : ", then ").append(String.format(Locale.ROOT, "%,.0f req/s for %.0f s",
                    step[0], step[1]));
        }
        return b.toString();
    }

    /** Sends one instance its own warm-up traffic (v1 bodies). */
    private List<LoadResult> warmUp(String url, int connections) throws InterruptedException {
        List<LoadResult> runs = new ArrayList<>();
        try (LoadDriver driver = new LoadDriver(url, connections)) {
            for (double[] step : warmUpSteps()) {
                LoadResult r = driver.run(step[0], step[1], new Webhooks(5_000));
                BenchSuite.progress("scaling: warm-up of " + url.replaceFirst("/callbacks/.*", "") + ": " + r.line());
                runs.add(r);
            }
        }
        return runs;
    }

    private double ingestBase = Double.NaN;
    private double processorBase = Double.NaN;

    private String ingest(int n) throws Exception {
        String topic = "bench-scale-events-p" + n;
        BenchSuite.createTopics(suite.bootstrap(), n, List.of(topic));
        BenchSuite.createTopics(suite.bootstrap(), 1, List.of(topic + "-dlq"));
        List<ChildProcess> servers = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        String load0 = LoadAverage.now();
        try {
            for (int k = 0; k < n; k++) {
                int port = FreePorts.pick();
                servers.add(BenchSuite.jvm(Phases.INGEST_MAIN, List.of(), Map.of(
                        "CALLSTREAM_HTTP_HOST", "127.0.0.1", "CALLSTREAM_HTTP_PORT", Integer.toString(port),
                        "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap(),
                        "CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl(),
                        "CALLSTREAM_SDKAPPIDS", "1400000001",
                        "CALLSTREAM_TOPIC_CALL_EVENTS", topic,
                        "CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", topic + "-dlq"), "512m",
                        suite.work().resolve("scale-ingest-" + n + "-" + k + ".log")));
                urls.add("http://127.0.0.1:" + port + "/callbacks/callkit?" + Webhooks.QUERY);
            }
            for (int k = 0; k < n; k++) {
                servers.get(k).awaitHttp(urls.get(k).replaceFirst("/callbacks/.*", "/health/ready"),
                        Duration.ofSeconds(90));
            }
            BenchSuite.progress("scaling: " + n + " ingest instance(s), load " + load0);
            // every instance gets the same warm-up of its own, one after the other, so that no level is measured
            // with JVMs that have seen less traffic (or are still compiling) than the single instance had
            long warmSent = 0;
            long warmOk = 0;
            for (int k = 0; k < n; k++) {
                for (LoadResult r : warmUp(urls.get(k), Math.max(1, CONNECTIONS / n))) {
                    warmSent += r.sent();
                    warmOk += r.ok();
                }
            }
            String warm = String.format(Locale.ROOT, "%,d / %,d", warmOk / n, warmSent / n);
            RateSearch.Outcome o;
            try (LoadDriver driver = new LoadDriver(urls, CONNECTIONS)) {
                o = RateSearch.run(driver, new Webhooks(5_000), suite.quick() ? 1_000 : 4_000,
                        suite.quick() ? 1.5 : 4, 0, BenchSuite::progress);
            }
            double rate = o.maxSustained();
            if (n == 1) {
                ingestBase = rate;
            }
            plot.point("ingest req/s", n, rate);
            BenchSuite.progress(String.format(Locale.ROOT, "scaling: ingest ×%d: %,.0f req/s", n, rate));
            return String.format(Locale.ROOT, "| ingest | %d | %d | %s | %,.0f req/s | %,.0f | %.2f× | %s → %s |", n, n,
                    warm, rate, rate / n, rate / ingestBase, load0, LoadAverage.now());
        } finally {
            ChildProcess.stopAll(servers, Duration.ofSeconds(10));
        }
    }

    private String processor(int n, long events) throws Exception {
        String in = "bench-scale-in-p" + n;
        String app = "bench-scale-proc-p" + n;
        BenchSuite.createTopics(suite.bootstrap(), n, List.of(in));
        BenchSuite.progress("scaling: preloading " + events + " events into " + in);
        CallEventsPreload.write(suite.bootstrap(), suite.registryUrl(), in, events, "s" + n);
        Map<String, String> outputs = Map.of("CALLSTREAM_TOPIC_CALL_SUMMARIES", app + "-summaries",
                "CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", app + "-alerts",
                "CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", app + "-dlq",
                "CALLSTREAM_TOPIC_CALL_PARTICIPANTS", app + "-participants");
        BenchSuite.createTopics(suite.bootstrap(), n, List.copyOf(outputs.values()));
        List<ChildProcess> children = new ArrayList<>();
        String load0 = LoadAverage.now();
        try {
            for (int k = 0; k < n; k++) {
                Map<String, String> env = new HashMap<>(outputs);
                env.put("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap());
                env.put("CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl());
                env.put("CALLSTREAM_APPLICATION_ID", app);
                env.put("CALLSTREAM_NUM_STREAM_THREADS", "1");
                env.put("CALLSTREAM_STATE_DIR", suite.work().resolve("state-" + app + "-" + k).toString());
                env.put("CALLSTREAM_PROCESSOR_PORT", Integer.toString(FreePorts.pick()));
                env.put("CALLSTREAM_PROCESSOR_HOST", "127.0.0.1");
                env.put("CALLSTREAM_TOPIC_CALL_EVENTS", in);
                children.add(BenchSuite.jvm(ProcessorPhases.PROCESSOR_MAIN, List.of(), env, "512m",
                        suite.work().resolve(app + "-" + k + ".log")));
            }
            BenchSuite.progress("scaling: " + n + " processor instance(s), load " + load0);
            double rate = ProcessorPhases.consumeRate(suite.bootstrap(), app, in, events, children,
                    Duration.ofMinutes(10))[0];
            if (n == 1) {
                processorBase = rate;
            }
            plot.point("processor events/s", n, rate);
            BenchSuite.progress(String.format(Locale.ROOT, "scaling: processor ×%d: %,.0f events/s", n, rate));
            return String.format(Locale.ROOT, "| processor | %d | %d | — | %,.0f events/s | %,.0f | %.2f× | %s → %s |", n, n,
                    rate, rate / n, rate / processorBase, load0, LoadAverage.now());
        } finally {
            ChildProcess.stopAll(children, Duration.ofSeconds(10));
        }
    }
}

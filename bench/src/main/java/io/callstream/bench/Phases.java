package io.callstream.bench;

import io.callstream.testkit.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** The benchmark phases of {@link BenchSuite}; each appends its markdown table. */
final class Phases {

    static final String INGEST_MAIN = "io.callstream.ingest.IngestMain";

    private final BenchSuite suite;

    Phases(BenchSuite suite) {
        this.suite = suite;
    }

    private double step() {
        return suite.quick() ? 1.5 : 4;
    }

    private double latencyRun() {
        return suite.quick() ? 2 : 8;
    }

    // --- 1. ingest against its ceilings -------------------------------------------------------

    void ingest() throws Exception {
        Webhooks hooks = new Webhooks(5_000);
        List<Integer> counts = suite.connections();
        BenchSuite.progress("ingest: bare Vert.x handler (HTTP ceiling)");
        int barePort = io.callstream.testkit.FreePorts.pick();
        Path bareLog = suite.work().resolve("bare.log");
        Measured bare;
        long bareRss;
        double bareCpu;
        try (ChildProcess server = BenchSuite.jvm(BareServer.class.getName(), List.of(Integer.toString(barePort)), Map.of(),
                "512m", bareLog)) {
            server.awaitHttp("http://127.0.0.1:" + barePort + "/health/ready", Duration.ofSeconds(30));
            bare = measure("http://127.0.0.1:" + barePort + "/callbacks/callkit?" + Webhooks.QUERY, counts, hooks,
                    server);
            bareRss = server.peakRssKb();
            bareCpu = cpuMicrosPerRequest.get(server.pid());
        }

        BenchSuite.progress("ingest: raw idempotent acks=all producer loop (broker ceiling)");
        long records = suite.quick() ? 50_000 : 400_000;
        double producer = ProducerLoop.run(suite.bootstrap(), suite.registryUrl(), "bench-producer-loop", records);
        BenchSuite.progress(String.format(Locale.ROOT, "producer loop: %,.0f records/s", producer));

        BenchSuite.progress("ingest: the real ingest service");
        int ingestPort = io.callstream.testkit.FreePorts.pick();
        Path ingestLog = suite.work().resolve("ingest.log");
        Measured ingest;
        long ingestRss;
        double ingestCpu;
        long probeAcks;
        long before = BenchSuite.endOffsets(suite.bootstrap(), "call-events");
        try (ChildProcess server = BenchSuite.jvm(INGEST_MAIN, List.of(), Map.of(
                "CALLSTREAM_HTTP_HOST", "127.0.0.1", "CALLSTREAM_HTTP_PORT", Integer.toString(ingestPort),
                "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap(),
                "CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl(),
                "CALLSTREAM_SDKAPPIDS", "1400000001"), "1g", ingestLog)) {
            server.awaitHttp("http://127.0.0.1:" + ingestPort + "/health/ready", Duration.ofSeconds(60));
            ingest = measure("http://127.0.0.1:" + ingestPort + "/callbacks/callkit?" + Webhooks.QUERY, counts,
                    hooks, server);
            ingestRss = server.peakRssKb();
            ingestCpu = cpuMicrosPerRequest.get(server.pid());
            probeAcks = probeAcknowledged.get(server.pid());
        }
        long written = BenchSuite.endOffsets(suite.bootstrap(), "call-events") - before;
        long acknowledged = ingest.acknowledged() + probeAcks;
        double ceiling = bare.best().maxSustained();

        suite.add("### Ingest throughput (POST /callbacks/callkit, " + hooks.averageSize() + "-byte bodies, open loop, "
                + counts + " keep-alive connections)");
        suite.add("");
        suite.add("| server | connections | max sustained req/s (all 2xx) | vs bare handler (best) | vs raw producer | server CPU per request | peak RSS |");
        suite.add("|---|---|---|---|---|---|---|");
        for (int c : counts) {
            suite.add(String.format(Locale.ROOT, "| bare Vert.x handler, no Kafka (HTTP ceiling) | %d | %,.0f | %.0f %% | — | %.0f µs | %s |",
                    c, bare.byConnections().get(c).maxSustained(), 100 * bare.byConnections().get(c).maxSustained() / ceiling,
                    bareCpu, BenchSuite.mib(bareRss)));
        }
        suite.add(String.format(Locale.ROOT, "| raw producer loop, idempotent, acks=all (broker ceiling) | — | %,.0f rec/s | — | 100 %% | — | — |",
                producer));
        for (int c : counts) {
            double max = ingest.byConnections().get(c).maxSustained();
            boolean best = c == ingest.bestConnections();
            suite.add(String.format(Locale.ROOT, "| %singest%s (JSON → Avro → Kafka acks=all, 200 after ack) | %d | %s%,.0f%s | %s%.0f %%%s | %.0f %% | %.0f µs | %s |",
                    best ? "**" : "", best ? "**" : "", c, best ? "**" : "", max, best ? "**" : "",
                    best ? "**" : "", 100 * max / ceiling, best ? "**" : "", 100 * max / producer, ingestCpu,
                    BenchSuite.mib(ingestRss)));
        }
        suite.add("");
        suite.add("Each server is searched at each connection count; the ratio is against the bare handler's best. "
                + "HTTP/1.1 without pipelining allows one request per connection at a time, so a server whose "
                + "answers take longer (ingest waits for the broker's ack) needs more connections for the same rate "
                + "(Little's law: rate ≤ connections / latency).");
        suite.add("");
        suite.add(String.format(Locale.ROOT, "Server CPU per request: user+system CPU time of the server JVM during a "
                + "%.0f-request/s run, divided by the requests answered. The load driver and the broker run on the same "
                + "cores, so a server's CPU per request bounds what it can reach here.", CPU_PROBE_RATE));
        suite.add("");
        suite.add(String.format(Locale.ROOT, "Records written to `call-events` during the ingest runs: %,d; requests "
                + "answered 200: %,d (%s).", written, acknowledged, written >= acknowledged
                ? "every 200 was written" : "**fewer records than 200 answers: an acknowledged event was lost**"));
        suite.add("");
        suite.add("### Ingest latency, from scheduled send time (no coordinated omission)");
        suite.add("");
        suite.add("| server | load | achieved req/s | p50 | p99 | p99.9 |");
        suite.add("|---|---|---|---|---|---|");
        latencyRows("bare handler (" + bare.bestConnections() + " connections)", bare.best());
        latencyRows("ingest (" + ingest.bestConnections() + " connections)", ingest.best());
        suite.add("");
    }

    /** A server's rate searches by connection count, the best of them with its latency runs. */
    private record Measured(Map<Integer, RateSearch.Outcome> byConnections, int bestConnections) {

        RateSearch.Outcome best() {
            return byConnections.get(bestConnections);
        }

        long acknowledged() {
            return byConnections.values().stream().mapToLong(RateSearch.Outcome::acknowledged).sum();
        }
    }

    /**
     * Searches the max sustained rate at each connection count, measures latency at the best one, and
     * the server's CPU per request at a fixed rate both servers sustain.
     */
    private Measured measure(String url, List<Integer> counts, Webhooks hooks, ChildProcess server) throws Exception {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(server::sampleRssKb, 0, 500, TimeUnit.MILLISECONDS);
        try {
            Map<Integer, RateSearch.Outcome> outcomes = new java.util.LinkedHashMap<>();
            for (int c : counts) {
                BenchSuite.progress(c + " connections");
                try (LoadDriver driver = new LoadDriver(url, c)) {
                    outcomes.put(c, RateSearch.run(driver, hooks::body, suite.quick() ? 1_000 : 4_000, step(),
                            latencyRun(), BenchSuite::progress));
                }
            }
            int best = outcomes.entrySet().stream().max(java.util.Comparator.comparingDouble(
                    e -> e.getValue().maxSustained())).orElseThrow().getKey();
            try (LoadDriver driver = new LoadDriver(url, best)) {
                outcomes.put(best, RateSearch.latency(driver, hooks::body, outcomes.get(best), latencyRun(),
                        BenchSuite::progress));
                long cpu0 = server.cpuMillis();
                LoadResult r = driver.run(CPU_PROBE_RATE, latencyRun(), hooks::body);
                cpuMicrosPerRequest.put(server.pid(), (server.cpuMillis() - cpu0) * 1000.0 / r.ok());
                probeAcknowledged.put(server.pid(), r.ok());
            }
            return new Measured(outcomes, best);
        } finally {
            sampler.shutdownNow();
        }
    }

    private static final double CPU_PROBE_RATE = 2_000;
    private final Map<Long, Double> cpuMicrosPerRequest = new java.util.HashMap<>();
    private final Map<Long, Long> probeAcknowledged = new java.util.HashMap<>();

    private void latencyRows(String name, RateSearch.Outcome o) {
        String[] shares = {"25 %", "50 %", "75 %"};
        for (int i = 0; i < o.latencyRuns().size(); i++) {
            LoadResult r = o.latencyRuns().get(i);
            suite.add(String.format(Locale.ROOT, "| %s | %s of max (%,.0f/s) | %,.0f | %s | %s | %s |", name, shares[i],
                    r.targetRate(), r.achievedRate(), BenchSuite.ms(r.p50Micros()), BenchSuite.ms(r.p99Micros()),
                    BenchSuite.ms(r.p999Micros())));
        }
    }

    // --- 2./3. processor and end to end: see ProcessorPhases ---------------------------------

    void processor() throws Exception {
        new ProcessorPhases(suite).throughput();
    }

    void endToEnd() throws Exception {
        new ProcessorPhases(suite).endToEnd();
    }

    // --- 5. JMH hot paths ------------------------------------------------------------------

    void microbenchmarks() throws Exception {
        BenchSuite.progress("JMH microbenchmarks");
        var opts = new OptionsBuilder().include("io.callstream.bench.jmh.*")
                .warmupIterations(suite.quick() ? 1 : 2).measurementIterations(suite.quick() ? 1 : 3)
                .forks(1).jvmArgs("-Xmx512m").build();
        suite.add("### Hot paths (JMH, average time per operation)");
        suite.add("");
        suite.add("| benchmark | ns/op | ± (99.9 %) |");
        suite.add("|---|---|---|");
        for (RunResult r : new Runner(opts).run()) {
            var p = r.getPrimaryResult();
            String name = r.getParams().getBenchmark().replace("io.callstream.bench.jmh.", "");
            suite.add(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f |", name, p.getScore(), p.getScoreError()));
        }
        suite.add("");
    }
}

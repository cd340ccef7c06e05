package io.callstream.bench;

import io.callstream.testkit.ChildProcess;
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
        List<Integer> counts = suite.connections();
        Map<Webhooks.Format, Webhooks> hooks = new java.util.EnumMap<>(Webhooks.Format.class);
        suite.bodies().forEach(f -> hooks.put(f, new Webhooks(5_000, f)));
        Webhooks ceilingHooks = hooks.values().iterator().next();
        BenchSuite.progress("ingest: bare Vert.x handler (HTTP ceiling), " + ceilingHooks.format().label() + " bodies");
        int barePort = io.callstream.testkit.FreePorts.pick();
        Map<Webhooks.Format, Measured> bare = new java.util.EnumMap<>(Webhooks.Format.class);
        try (ChildProcess server = BenchSuite.jvm(BareServer.class.getName(), List.of(Integer.toString(barePort)), Map.of(),
                "512m", suite.work().resolve("bare.log"))) {
            server.awaitHttp("http://127.0.0.1:" + barePort + "/health/ready", Duration.ofSeconds(30));
            String url = "http://127.0.0.1:" + barePort + "/callbacks/callkit?" + Webhooks.QUERY;
            Measured ceiling = measure(url, counts, ceilingHooks, server);
            bare.put(ceilingHooks.format(), ceiling);
            // the rate search runs with the first generation only; CPU per request is probed with each
            for (Webhooks h : hooks.values()) {
                if (h != ceilingHooks) {
                    try (LoadDriver driver = new LoadDriver(url, ceiling.bestConnections())) {
                        bare.put(h.format(), ceiling.withCpu(cpuProbe(driver, server, CPU_PROBE_RATE, h),
                                cpuProbe(driver, server, ceiling.best().maxSustained(), h)));
                    }
                }
            }
        }

        BenchSuite.progress("ingest: raw idempotent acks=all producer loop (broker ceiling)");
        long records = suite.quick() ? 50_000 : 400_000;
        double producer = ProducerLoop.run(suite.bootstrap(), suite.registryUrl(), "bench-producer-loop", records);
        BenchSuite.progress(String.format(Locale.ROOT, "producer loop: %,.0f records/s", producer));

        int ingestPort = io.callstream.testkit.FreePorts.pick();
        Map<Webhooks.Format, Measured> ingest = new java.util.EnumMap<>(Webhooks.Format.class);
        long before = BenchSuite.endOffsets(suite.bootstrap(), "call-events");
        try (ChildProcess server = BenchSuite.jvm(INGEST_MAIN, List.of(), Map.of(
                "CALLSTREAM_HTTP_HOST", "127.0.0.1", "CALLSTREAM_HTTP_PORT", Integer.toString(ingestPort),
                "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap(),
                "CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl(),
                "CALLSTREAM_SDKAPPIDS", "1400000001"), "1g", suite.work().resolve("ingest.log"))) {
            server.awaitHttp("http://127.0.0.1:" + ingestPort + "/health/ready", Duration.ofSeconds(60));
            BenchSuite.progress("ingest: the real ingest service, " + suite.bodies() + " bodies in turn");
            ingest.putAll(measure("http://127.0.0.1:" + ingestPort + "/callbacks/callkit?" + Webhooks.QUERY, counts,
                    List.copyOf(hooks.values()), server));
        }
        ingest.forEach((f, m) -> {
            Measured b = bare.get(f);
            LoadResult half = m.best().halfMax();
            suite.figures().ingest.put(f, new RunFigures.Ingest(bare.get(ceilingHooks.format()).best().maxSustained(),
                    m.best().maxSustained(), b.cpuFixed().micros(), m.cpuFixed().micros(), b.cpuAtMax().micros(),
                    m.cpuAtMax().micros(), half.targetRate(), half.p99Micros()));
        });
        long written = BenchSuite.endOffsets(suite.bootstrap(), "call-events") - before;
        long acknowledged = ingest.values().stream().mapToLong(Measured::acknowledged).sum();
        throughputTable(counts, hooks, bare.get(ceilingHooks.format()), producer, ingest, written, acknowledged);
        cpuTable(bare, ingest);
        halfMaxTable(ingest);
        suite.add("### Ingest latency, from scheduled send time (no coordinated omission)");
        suite.add("");
        suite.add("| server | load | achieved req/s | p50 | p99 | p99.9 |");
        suite.add("|---|---|---|---|---|---|");
        Measured ceiling = bare.get(ceilingHooks.format());
        latencyRows("bare handler (" + ceiling.bestConnections() + " connections)", ceiling.best());
        ingest.forEach((f, m) -> latencyRows("ingest, " + f.label() + " bodies (" + m.bestConnections() + " connections)",
                m.best()));
        suite.add("");
    }

    private void throughputTable(List<Integer> counts, Map<Webhooks.Format, Webhooks> hooks, Measured bare,
                                 double producer, Map<Webhooks.Format, Measured> ingest, long written, long acknowledged) {
        double ceiling = bare.best().maxSustained();
        suite.add("### Ingest throughput (POST /callbacks/callkit, open loop, " + counts + " keep-alive connections)");
        suite.add("");
        suite.add("| server | bodies | connections | max sustained req/s (all 2xx) | vs bare handler (best) | vs raw producer | peak RSS |");
        suite.add("|---|---|---|---|---|---|---|");
        String bareBodies = bodies(hooks.values().iterator().next());
        for (int c : counts) {
            suite.add(String.format(Locale.ROOT, "| bare Vert.x handler, no Kafka (HTTP ceiling) | %s | %d | %,.0f | %.0f %% | — | %s |",
                    bareBodies, c, bare.byConnections().get(c).maxSustained(),
                    100 * bare.byConnections().get(c).maxSustained() / ceiling, BenchSuite.mib(bare.rssKb())));
        }
        suite.add(String.format(Locale.ROOT, "| raw producer loop, idempotent, acks=all (broker ceiling) | — | — | %,.0f rec/s | — | 100 %% | — |",
                producer));
        ingest.forEach((f, m) -> {
            for (int c : counts) {
                double max = m.byConnections().get(c).maxSustained();
                String b = c == m.bestConnections() ? "**" : "";
                suite.add(String.format(Locale.ROOT, "| %singest%s (JSON → Avro → Kafka acks=all, 200 after ack) | %s | %d | %s%,.0f%s | %s%.0f %%%s | %.0f %% | %s |",
                        b, b, bodies(hooks.get(f)), c, b, max, b, b, 100 * max / ceiling, b, 100 * max / producer,
                        BenchSuite.mib(m.rssKb())));
            }
        });
        suite.add("");
        suite.add("Each server is searched at each connection count; the ratio is against the bare handler's best. "
                + "v1 bodies: the six event callbacks of an answered 1:1 call; v4 bodies: its four v4 callbacks "
                + "(start call, two member changes, end call) with the v4 query parameters; both for 5,000 distinct calls, "
                + "searched in turn on the same ingest JVM (each connection count with each generation). "
                + "HTTP/1.1 without pipelining allows one request per connection at a time, so a server whose "
                + "answers take longer (ingest waits for the broker's ack) needs more connections for the same rate "
                + "(Little's law: rate ≤ connections / latency).");
        suite.add("");
        suite.add("Peak RSS of ingest is over all its runs.");
        suite.add("");
        suite.add(String.format(Locale.ROOT, "Records written to `call-events` during the ingest runs: %,d; requests "
                + "answered 200: %,d (%s).", written, acknowledged, written >= acknowledged
                ? "every 200 was written" : "**fewer records than 200 answers: an acknowledged event was lost**"));
        suite.add("");
    }

    private static String bodies(Webhooks h) {
        return h.format().label() + ", " + h.averageSize() + " B";
    }

    /**
     * A server's rate searches by connection count, the best with its latency runs, its CPU per
     * request at {@link #CPU_PROBE_RATE} and at its max sustained rate, and its peak RSS so far.
     */
    private record Measured(Map<Integer, RateSearch.Outcome> byConnections, int bestConnections, CpuProbe cpuFixed,
                            CpuProbe cpuAtMax, long rssKb) {

        RateSearch.Outcome best() {
            return byConnections.get(bestConnections);
        }

        /** The same searches with other CPU probes (the bare handler's, with another body generation). */
        Measured withCpu(CpuProbe fixed, CpuProbe atMax) {
            return new Measured(byConnections, bestConnections, fixed, atMax, rssKb);
        }

        /** Requests answered 2xx over every run, the CPU probes included. */
        long acknowledged() {
            return byConnections.values().stream().mapToLong(RateSearch.Outcome::acknowledged).sum()
                    + cpuFixed.run().ok() + cpuAtMax.run().ok();
        }
    }

    /** A constant-rate run and the server JVM's CPU time (user + system) per request it answered 2xx, in µs. */
    record CpuProbe(LoadResult run, double micros, Map<String, ThreadCpu.Group> threads) {
        /** CPU µs per answered request of one thread group ({@link ThreadCpu#GROUPS}). */
        double micros(String group) {
            return run.ok() == 0 ? Double.NaN : threads.get(group).cpuNanos() / 1e3 / run.ok();
        }
    }

    /** Runs {@code rate} for a latency run's length and divides the server's CPU time by the requests answered. */
    private CpuProbe cpuProbe(LoadDriver driver, ChildProcess server, double rate, Webhooks h) throws Exception {
        long cpu0 = server.cpuMillis();
        var threads0 = ThreadCpu.snapshot(server.pid());
        LoadResult r = driver.run(Math.max(1, rate), latencyRun(), h);
        double micros = r.ok() == 0 ? Double.NaN : (server.cpuMillis() - cpu0) * 1000.0 / r.ok();
        var threads = ThreadCpu.delta(threads0, ThreadCpu.snapshot(server.pid()));
        BenchSuite.progress(String.format(Locale.ROOT, "CPU probe, %s bodies: %.1f µs/request; %s", h.format().label(),
                micros, r.line()));
        return new CpuProbe(r, micros, threads);
    }

    /**
     * Searches the max sustained rate at each connection count, measures latency at the best one, and
     * the server's CPU per request at a fixed rate both servers sustain and at its own max.
     */
    private Measured measure(String url, List<Integer> counts, Webhooks hooks, ChildProcess server) throws Exception {
        return measure(url, counts, List.of(hooks), server).get(hooks.format());
    }

    /**
     * {@link #measure(String, List, Webhooks, ChildProcess)} for several body generations on one server,
     * interleaved (each connection count searched with every generation in turn, then each one's latency
     * and CPU runs), so that a machine whose load drifts during the phase favours none of them.
     */
    private Map<Webhooks.Format, Measured> measure(String url, List<Integer> counts, List<Webhooks> hooks,
                                                   ChildProcess server) throws Exception {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(server::sampleRssKb, 0, 500, TimeUnit.MILLISECONDS);
        try {
            Map<Webhooks.Format, Map<Integer, RateSearch.Outcome>> outcomes = new java.util.EnumMap<>(Webhooks.Format.class);
            for (int c : counts) {
                for (Webhooks h : hooks) {
                    BenchSuite.progress(c + " connections, " + h.format().label() + " bodies");
                    try (LoadDriver driver = new LoadDriver(url, c)) {
                        outcomes.computeIfAbsent(h.format(), f -> new java.util.LinkedHashMap<>()).put(c,
                                RateSearch.run(driver, h, suite.quick() ? 1_000 : 4_000, step(), latencyRun(),
                                        BenchSuite::progress));
                    }
                }
            }
            Map<Webhooks.Format, Measured> measured = new java.util.EnumMap<>(Webhooks.Format.class);
            Map<Webhooks.Format, CpuProbe> fixed = new java.util.EnumMap<>(Webhooks.Format.class);
            Map<Webhooks.Format, Integer> bestOf = new java.util.EnumMap<>(Webhooks.Format.class);
            for (Webhooks h : hooks) {
                Map<Integer, RateSearch.Outcome> byCount = outcomes.get(h.format());
                int best = byCount.entrySet().stream().max(java.util.Comparator.comparingDouble(
                        e -> e.getValue().maxSustained())).orElseThrow().getKey();
                bestOf.put(h.format(), best);
                try (LoadDriver driver = new LoadDriver(url, best)) {
                    byCount.put(best, RateSearch.latency(driver, h, byCount.get(best), latencyRun(), BenchSuite::progress));
                    fixed.put(h.format(), cpuProbe(driver, server, CPU_PROBE_RATE, h));
                }
            }
            // the max-rate probes last: one that overloads the server must not spill into another's latency runs
            for (Webhooks h : hooks) {
                int best = bestOf.get(h.format());
                Map<Integer, RateSearch.Outcome> byCount = outcomes.get(h.format());
                try (LoadDriver driver = new LoadDriver(url, best)) {
                    CpuProbe atMax = cpuProbe(driver, server, byCount.get(best).maxSustained(), h);
                    measured.put(h.format(), new Measured(byCount, best, fixed.get(h.format()), atMax,
                            server.peakRssKb()));
                }
            }
            return measured;
        } finally {
            sampler.shutdownNow();
        }
    }

    /** CPU per request of the bare handler and of ingest, at {@link #CPU_PROBE_RATE} and at each one's max, per body generation. */
    private void cpuTable(Map<Webhooks.Format, Measured> bare, Map<Webhooks.Format, Measured> ingest) {
        suite.add("### Ingest CPU per request against the bare handler (issue #19: ≤ 2× at 2,000 req/s and at the max rate)");
        suite.add("");
        suite.add("| bodies | bare at 2,000/s | ingest at 2,000/s | ratio | bare at its max (target → achieved/s) | "
                + "ingest at its max (target → achieved/s) | ratio at max |");
        suite.add("|---|---|---|---|---|---|---|");
        ingest.forEach((f, m) -> {
            Measured b = bare.get(f);
            suite.add(String.format(Locale.ROOT, "| %s | %.1f µs | %.1f µs | %.2f× | %.1f µs (%,.0f → %,.0f%s) | "
                            + "%.1f µs (%,.0f → %,.0f%s) | %.2f× |", f.label(),
                    b.cpuFixed().micros(), m.cpuFixed().micros(), m.cpuFixed().micros() / b.cpuFixed().micros(),
                    b.cpuAtMax().micros(), b.cpuAtMax().run().targetRate(), b.cpuAtMax().run().achievedRate(),
                    sustainedMark(b.cpuAtMax().run()),
                    m.cpuAtMax().micros(), m.cpuAtMax().run().targetRate(), m.cpuAtMax().run().achievedRate(),
                    sustainedMark(m.cpuAtMax().run()), m.cpuAtMax().micros() / b.cpuAtMax().micros()));
        });
        suite.add("");
        suite.add(String.format(Locale.ROOT, "CPU per request: user + system CPU time of the server JVM (`/proc/<pid>/stat`) "
                + "during a %.0f-s constant-rate run, divided by the requests it answered 2xx; once at %,.0f req/s and "
                + "once at the server's own max sustained rate (its best connection count). The bare handler's rate "
                + "search uses the first body generation; its CPU probes run with each generation. The load driver "
                + "and the broker share the cores, so a server's CPU per request bounds what it can reach here; "
                + "a max-rate probe marked † did not sustain its target (CPU still per answered request).",
                latencyRun(), CPU_PROBE_RATE));
        suite.add("");
        suite.add("### Ingest CPU per request by thread group (µs per request answered, same probes)");
        suite.add("");
        suite.add("| server | bodies | probe | " + String.join(" | ", ThreadCpu.GROUPS) + " |");
        suite.add("|---|---|---|" + "---|".repeat(ThreadCpu.GROUPS.size()));
        ingest.forEach((f, m) -> {
            Measured b = bare.get(f);
            threadRow("bare handler", f, "2,000/s", b.cpuFixed());
            threadRow("ingest", f, "2,000/s", m.cpuFixed());
            threadRow("bare handler", f, "its max", b.cpuAtMax());
            threadRow("ingest", f, "its max", m.cpuAtMax());
        });
        suite.add("");
        suite.add("On-CPU time of each thread of the server JVM (`/proc/<pid>/task/*/schedstat`), grouped by name: the "
                + "Vert.x event loops, ingest's sender thread (`KafkaProducer.send`), the producer's network thread, "
                + "GC, JIT compiler threads, everything else. `IngestBreakdown` (see the command list) repeats such "
                + "probes per variant with context switches and the producer's stage times.");
        suite.add("");
    }

    private void threadRow(String server, Webhooks.Format f, String probe, CpuProbe p) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %s |", server, f.label(), probe));
        for (String g : ThreadCpu.GROUPS) {
            row.append(String.format(Locale.ROOT, " %.1f |", p.micros(g)));
        }
        suite.add(row.toString());
    }

    private static String sustainedMark(LoadResult r) {
        return r.sustained() ? "" : " †";
    }

    /** Ingest's latency run at half of its max sustained rate, per body generation. */
    private void halfMaxTable(Map<Webhooks.Format, Measured> ingest) {
        suite.add("### Ingest latency at half of its max rate (issue #19: p99 ≤ 10 ms)");
        suite.add("");
        suite.add("| bodies | connections | max sustained req/s | offered (half) | achieved | p50 | p99 | p99.9 |");
        suite.add("|---|---|---|---|---|---|---|---|");
        ingest.forEach((f, m) -> {
            LoadResult r = halfMax(m.best());
            suite.add(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %,.0f | %s | %s | %s |", f.label(),
                    m.bestConnections(), m.best().maxSustained(), r.targetRate(), r.achievedRate(),
                    BenchSuite.ms(r.p50Micros()), BenchSuite.ms(r.p99Micros()), BenchSuite.ms(r.p999Micros())));
        });
        suite.add("");
        suite.add(String.format(Locale.ROOT, "The 50 %% run of the latency runs below: %.0f s at half of the max "
                + "sustained rate, at the connection count that reached it; latency from each request's scheduled "
                + "send time (no coordinated omission).", latencyRun()));
        suite.add("");
    }

    static LoadResult halfMax(RateSearch.Outcome o) {
        return o.halfMax();
    }

    private static final double CPU_PROBE_RATE = 2_000;

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

    // --- 4. call records API: see RecordsPhase ----------------------------------------------

    void records() throws Exception {
        new RecordsPhase(suite).run();
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
            // a parameterised benchmark (e.g. fastCoders=true|false) gets one row per value: name them
            var params = r.getParams();
            StringBuilder values = new StringBuilder();
            for (String key : params.getParamsKeys()) {
                values.append(values.isEmpty() ? " (" : ", ").append(key).append('=').append(params.getParam(key));
            }
            if (!values.isEmpty()) {
                name += values.append(')');
            }
            suite.add(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f |", name, p.getScore(), p.getScoreError()));
        }
        suite.add("");
    }
}

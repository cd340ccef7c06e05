package io.callstream.bench;

import io.callstream.testkit.ApicurioRegistry;
import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where ingest's CPU and latency go (issue #19): CPU per request <b>per thread group</b> (event loops,
 * sender thread, producer network thread, GC, JIT, other; {@link ThreadCpu}) of the bare handler and of
 * ingest at fixed rates, plus context switches per request, the broker's and the driver's CPU per request,
 * and, from ingest's {@code /metrics}, the server-side request duration (arrival → answer) and the
 * producer's own stage times (record queue time: {@code send()} → drained into a produce request; request
 * latency: produce request → broker response) and produce requests per record.
 *
 * <pre>
 * IngestBreakdown out.md [--rates 2000,12000,24000] [--seconds 10] [--rounds 2] [--bodies v1]
 *     [--variants 'base;linger0=KAFKA_LINGER_MS=0;...'] [--no-bare] [--connections 256] [--bare-connections 64]
 * </pre>
 *
 * Each variant is a fresh ingest JVM with extra {@code CALLSTREAM_}-prefixed environment variables
 * ({@code name=KEY=VALUE,KEY=VALUE}); rounds interleave the variants (A B A B) so that a machine whose
 * load drifts favours none. Every probe line also goes to stdout as it is measured.
 */
public final class IngestBreakdown {

    private final List<String> report = new ArrayList<>();
    private final List<Probe> probes = new ArrayList<>();

    /** One constant-rate run of one server. */
    record Probe(String server, int round, double rate, LoadResult run, Map<String, ThreadCpu.Group> groups,
                 double brokerMicros, double driverMicros, Stages stages, String load) {
        double micros(String group) {
            return groups.get(group).cpuNanos() / 1e3 / run.ok();
        }

        double totalMicros() {
            return groups.values().stream().mapToLong(ThreadCpu.Group::cpuNanos).sum() / 1e3 / run.ok();
        }

        /** Without the JIT compiler threads: still warming up in a run's first probe on a loaded machine. */
        double withoutJitMicros() {
            return totalMicros() - micros("JIT");
        }

        double switches(String group) {
            return (double) groups.get(group).voluntary() / run.ok();
        }

        double totalSwitches() {
            return (double) groups.values().stream().mapToLong(ThreadCpu.Group::voluntary).sum() / run.ok();
        }
    }

    /** Ingest's own view of a run, from /metrics (null for the bare handler). */
    record Stages(double serverP50Ms, double serverP99Ms, double serverMeanMs, double queueTimeAvgMs,
                  double queueTimeMaxMs, double requestLatencyAvgMs, double requestLatencyMaxMs,
                  double requestsPerRecord, double recordsPerRequestAvg) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<Double> rates = List.of(2_000.0, 12_000.0, 24_000.0);
        double seconds = 10;
        int rounds = 2;
        List<Webhooks.Format> bodies = List.of(Webhooks.Format.V1);
        String variants = "base";
        boolean bare = true;
        int connections = 256;
        int bareConnections = 64;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--rates" -> rates = java.util.Arrays.stream(args[++i].split(",")).map(Double::valueOf).toList();
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--bodies" -> bodies = java.util.Arrays.stream(args[++i].split(",")).map(Webhooks.Format::parse).toList();
                case "--variants" -> variants = args[++i];
                case "--no-bare" -> bare = false;
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--bare-connections" -> bareConnections = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Map<String, String>> variantEnv = new LinkedHashMap<>();
        for (String v : variants.split(";")) {
            String[] parts = v.split("=", 2);
            Map<String, String> env = new LinkedHashMap<>();
            if (parts.length == 2) {
                for (String kv : parts[1].split(",")) {
                    String[] p = kv.split("=", 2);
                    env.put("CALLSTREAM_" + p[0].trim(), p[1].trim());
                }
            }
            variantEnv.put(parts[0].trim(), env);
        }
        new IngestBreakdown().run(out, rates, seconds, rounds, bodies, variantEnv, bare, connections, bareConnections);
    }

    private void run(Path out, List<Double> rates, double seconds, int rounds, List<Webhooks.Format> bodies,
                     Map<String, Map<String, String>> variants, boolean withBare, int connections, int bareConnections)
            throws Exception {
        Path work = Files.createTempDirectory("callstream-breakdown-");
        int brokerPort = FreePorts.pick();
        String started = Instant.now().toString().substring(0, 16).replace('T', ' ');
        try (ChildProcess broker = BenchSuite.jvm(BrokerMain.class.getName(),
                List.of(work.resolve("kafka").toString(), Integer.toString(brokerPort)), Map.of(), "512m",
                work.resolve("broker.log"));
             ApicurioRegistry registry = new ApicurioRegistry(0, Map.of(), work.resolve("registry.log"))) {
            String bootstrap = "127.0.0.1:" + brokerPort;
            BenchSuite.awaitBroker(broker);
            registry.start();
            BenchSuite.createTopics(bootstrap, 4, BenchSuite.TOPICS);
            for (int round = 1; round <= rounds; round++) {
                for (Webhooks.Format f : bodies) {
                    Webhooks hooks = new Webhooks(5_000, f);
                    if (withBare) {
                        int port = FreePorts.pick();
                        try (ChildProcess server = BenchSuite.jvm(BareServer.class.getName(), List.of(Integer.toString(port)),
                                Map.of(), "512m", work.resolve("bare.log"))) {
                            server.awaitHttp("http://127.0.0.1:" + port + "/health/ready", Duration.ofSeconds(30));
                            String url = "http://127.0.0.1:" + port + "/callbacks/callkit?" + Webhooks.QUERY;
                            probeAll("bare " + f.label(), round, url, bareConnections, hooks, server, broker, rates,
                                    seconds, null);
                        }
                    }
                    for (var v : variants.entrySet()) {
                        int port = FreePorts.pick();
                        Map<String, String> env = new HashMap<>(Map.of(
                                "CALLSTREAM_HTTP_HOST", "127.0.0.1", "CALLSTREAM_HTTP_PORT", Integer.toString(port),
                                "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                                "CALLSTREAM_SCHEMA_REGISTRY_URL", registry.url(),
                                "CALLSTREAM_SDKAPPIDS", "1400000001",
                                // the producer's averages over ~one probe (2 samples of 5 s), not over the run before it
                                "CALLSTREAM_KAFKA_METRICS_SAMPLE_WINDOW_MS", "5000"));
                        env.putAll(v.getValue());
                        try (ChildProcess server = BenchSuite.jvm(Phases.INGEST_MAIN, List.of(), env, "1g",
                                work.resolve("ingest-" + v.getKey() + ".log"))) {
                            server.awaitHttp("http://127.0.0.1:" + port + "/health/ready", Duration.ofSeconds(60));
                            String url = "http://127.0.0.1:" + port + "/callbacks/callkit?" + Webhooks.QUERY;
                            probeAll(v.getKey() + " " + f.label(), round, url, connections, hooks, server, broker, rates,
                                    seconds, "http://127.0.0.1:" + port + "/metrics");
                        }
                    }
                }
            }
        }
        write(out, started, seconds, variants);
        // kept when a probe failed (the exception skips this): the JVMs' logs are in it
        BenchSuite.removeWork(work, false);
    }

    private void probeAll(String server, int round, String url, int connections, Webhooks hooks, ChildProcess child,
                          ChildProcess broker, List<Double> rates, double seconds, String metricsUrl) throws Exception {
        try (LoadDriver driver = new LoadDriver(url, connections)) {
            // warm-up (JIT) at the lowest rate, which even a loaded machine sustains: a backlog would spill into the probes
            driver.run(rates.get(0), 25, hooks);
            for (double rate : rates) {
                Thread.sleep(3_000); // the previous run's stragglers are answered
                Map<String, Double> m0 = metricsUrl == null ? Map.of() : scrape(metricsUrl);
                var t0 = ThreadCpu.snapshot(child.pid());
                long b0 = ThreadCpu.processCpuNanos(broker.pid());
                long d0 = ThreadCpu.processCpuNanos(ProcessHandle.current().pid());
                LoadResult r = driver.run(rate, seconds, hooks);
                var t1 = ThreadCpu.snapshot(child.pid());
                long b1 = ThreadCpu.processCpuNanos(broker.pid());
                long d1 = ThreadCpu.processCpuNanos(ProcessHandle.current().pid());
                Stages stages = metricsUrl == null ? null : stages(m0, scrape(metricsUrl));
                Probe p = new Probe(server, round, rate, r, ThreadCpu.delta(t0, t1), (b1 - b0) / 1e3 / Math.max(1, r.ok()),
                        (d1 - d0) / 1e3 / Math.max(1, r.ok()), stages, LoadAverage.now());
                probes.add(p);
                System.out.println(line(p));
            }
        }
    }

    private static String line(Probe p) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s round %d load %s: %s | total %.1f µs/req",
                p.server(), p.round(), p.load(), p.run().line(), p.totalMicros()));
        for (String g : ThreadCpu.GROUPS) {
            s.append(String.format(Locale.ROOT, " | %s %.1f µs %.2f sw", g, p.micros(g), p.switches(g)));
        }
        s.append(String.format(Locale.ROOT, " | broker %.1f µs driver %.1f µs", p.brokerMicros(), p.driverMicros()));
        if (p.stages() != null) {
            Stages st = p.stages();
            s.append(String.format(Locale.ROOT, " | server p50 %.2f p99 %.2f mean %.2f ms, queue avg %.2f max %.2f ms,"
                            + " request latency avg %.2f max %.2f ms, produce requests/record %.3f, records/request avg %.2f",
                    st.serverP50Ms(), st.serverP99Ms(), st.serverMeanMs(), st.queueTimeAvgMs(), st.queueTimeMaxMs(),
                    st.requestLatencyAvgMs(), st.requestLatencyMaxMs(), st.requestsPerRecord(), st.recordsPerRequestAvg()));
        }
        return s.toString();
    }

    // --- ingest's /metrics -------------------------------------------------------------------

    /** Prometheus text as name{labels} → value. */
    private static Map<String, Double> scrape(String url) throws Exception {
        return PromMetrics.fetch(url, null).series();
    }

    /** The first value whose series name (before the labels) is {@code name}. */
    private static double value(Map<String, Double> m, String name) {
        return m.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).filter(d -> !Double.isNaN(d)).findFirst().orElse(Double.NaN);
    }

    private static Stages stages(Map<String, Double> before, Map<String, Double> after) {
        // request duration of the 200s: histogram delta
        String bucket = "callstream_ingest_request_duration_seconds_bucket{";
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        after.forEach((k, v) -> {
            if (k.startsWith(bucket) && k.contains("status=\"200\"")) {
                String le = k.substring(k.indexOf("le=\"") + 4);
                le = le.substring(0, le.indexOf('"'));
                double upper = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                cumulative.put(upper, v - before.getOrDefault(k, 0.0));
            }
        });
        double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        double sumKey = delta(before, after, "callstream_ingest_request_duration_seconds_sum", "status=\"200\"");
        double countKey = delta(before, after, "callstream_ingest_request_duration_seconds_count", "status=\"200\"");
        double sends = delta(before, after, "kafka_producer_record_send_total", null);
        double requests = delta(before, after, "kafka_producer_request_total", null);
        return new Stages(quantile(cumulative, total, 0.5) * 1e3, quantile(cumulative, total, 0.99) * 1e3,
                countKey == 0 ? Double.NaN : sumKey / countKey * 1e3,
                value(after, "kafka_producer_record_queue_time_avg"), value(after, "kafka_producer_record_queue_time_max"),
                value(after, "kafka_producer_request_latency_avg"), value(after, "kafka_producer_request_latency_max"),
                sends == 0 ? Double.NaN : requests / sends, value(after, "kafka_producer_records_per_request_avg"));
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name, String label) {
        double sum = 0;
        for (var e : after.entrySet()) {
            String k = e.getKey();
            if ((k.equals(name) || k.startsWith(name + "{")) && (label == null || k.contains(label))) {
                sum += e.getValue() - before.getOrDefault(k, 0.0);
                if (label == null) {
                    return sum;
                }
            }
        }
        return sum;
    }

    private static double quantile(TreeMap<Double, Double> cumulative, double total, double q) {
        for (var e : cumulative.entrySet()) {
            if (e.getValue() >= q * total) {
                return e.getKey();
            }
        }
        return Double.NaN;
    }

    // --- report ---------------------------------------------------------------------------

    private void write(Path out, String started, double seconds, Map<String, Map<String, String>> variants)
            throws Exception {
        report.add("## Ingest per thread and per stage: run of " + started + " UTC");
        report.add("");
        report.add("Variants: " + variants + ". Each probe: " + seconds + " s at a constant rate after a warm-up; "
                + "CPU per request = on-CPU time of the thread group (`/proc/<pid>/task/*/schedstat`) ÷ requests answered 2xx; "
                + "switches = voluntary context switches (the thread blocked and was woken) per request.");
        report.add("");
        report.add("| server | round | load avg | offered → achieved/s | p99 (driver) | total µs | total without JIT | "
                + String.join(" | ", ThreadCpu.GROUPS) + " | broker µs | driver µs | wake-ups/req (loops · sender · network) |");
        report.add("|---|---|---|---|---|---|---|" + "---|".repeat(ThreadCpu.GROUPS.size()) + "---|---|---|");
        for (Probe p : probes) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %s | %,.0f → %,.0f%s | %.2f ms | %.1f | %.1f |",
                    p.server(), p.round(), p.load(), p.rate(), p.run().achievedRate(), p.run().sustained() ? "" : " †",
                    p.run().p99Micros() / 1e3, p.totalMicros(), p.withoutJitMicros()));
            for (String g : ThreadCpu.GROUPS) {
                s.append(String.format(Locale.ROOT, " %.1f |", p.micros(g)));
            }
            s.append(String.format(Locale.ROOT, " %.1f | %.1f | %.2f · %.2f · %.2f |", p.brokerMicros(), p.driverMicros(),
                    p.switches("event loops"), p.switches("sender thread"), p.switches("producer network thread")));
            report.add(s.toString());
        }
        report.add("");
        report.add("| server | round | offered | driver p50 · p99 | server p50 · p99 · mean (arrival → answer) | "
                + "producer queue time avg · max | produce request latency avg · max | produce requests per record |");
        report.add("|---|---|---|---|---|---|---|---|");
        for (Probe p : probes) {
            if (p.stages() == null) {
                continue;
            }
            Stages st = p.stages();
            report.add(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2f · %.2f ms | ≤ %.2f · ≤ %.2f · %.2f ms | "
                            + "%.2f · %.2f ms | %.2f · %.2f ms | %.3f |", p.server(), p.round(), p.rate(),
                    p.run().p50Micros() / 1e3, p.run().p99Micros() / 1e3, st.serverP50Ms(), st.serverP99Ms(),
                    st.serverMeanMs(), st.queueTimeAvgMs(), st.queueTimeMaxMs(), st.requestLatencyAvgMs(),
                    st.requestLatencyMaxMs(), st.requestsPerRecord()));
        }
        report.add("");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, String.join("\n", report) + "\n");
        System.out.println("wrote " + out.toAbsolutePath());
    }
}

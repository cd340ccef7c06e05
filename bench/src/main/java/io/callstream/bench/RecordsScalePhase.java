package io.callstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.avro.CallSummary;
import io.callstream.common.auth.UserSigTool;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records-API latency against the number of stored call records ({@code --phases records-scale};
 * {@code --record-counts}, default 100,000 / 1,000,000 / 10,000,000, 20,000 / 100,000 when quick).
 * For each count: call summaries (four apps, calls spread evenly over six days) are produced straight
 * to a fresh 4-partition summaries topic, the topic the records sub-topology reads (so the session
 * sub-topology has nothing to do); one processor builds the view from it; then a few concurrent
 * clients, each on its own app, query in a closed loop — by CallId, and a filter page (a time range
 * and a CallResult) — each client capped under the documented 200 calls/s per app and instance.
 * Writes a table and {@code records-latency.svg}; the topics and state of a count are deleted before
 * the next, and their disk use is reported.
 */
final class RecordsScalePhase {

    private static final long APP0 = 1_400_000_101L;
    private static final int APPS = 4;
    private static final String KEY = "bench-records-key";
    private static final long SPAN_S = 6L * 24 * 3600;
    private static final double CLIENT_CAP_PER_S = 190;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchSuite suite;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Plot plot = new Plot("Records API latency vs stored records", "stored call records", "latency (ms)")
            .logX().logY();
    private String base;
    private final String[] queries = new String[APPS];

    RecordsScalePhase(BenchSuite suite) {
        this.suite = suite;
    }

    void run(List<Long> counts) throws Exception {
        double seconds = suite.quick() ? 4 : 20;
        suite.add("### Records API latency vs stored records (" + APPS + " apps, calls over 6 days, 4 partitions, "
                + "one processor; " + APPS + " closed-loop clients, one per app, each capped at "
                + (int) CLIENT_CAP_PER_S + "/s)");
        suite.add("");
        suite.add("| stored records | load to queryable | disk (topics + state) | query | matching | requests | req/s | p50 | p99 | load avg |");
        suite.add("|---|---|---|---|---|---|---|---|---|---|");
        for (long n : counts) {
            try {
                one(n, seconds);
            } catch (Exception e) {
                BenchSuite.progress("records-scale " + n + " failed: " + e);
                suite.add(String.format(Locale.ROOT, "| %,d | **stopped: %s** | | | | | | | | %s |", n,
                        e.getMessage() == null ? e.toString() : e.getMessage().replace('|', '/'), LoadAverage.now()));
                break;
            }
        }
        suite.add("");
        suite.add("Closed loop: each client sends its next request when the answer arrives (and no sooner than its "
                + "cap allows); latency is the HTTP round trip seen by the client. Filter: `get_record_by_filter` with "
                + "`CallResult` `NotAnswer`, 10 per page, page 1, over a one-hour window (its matches grow with the "
                + "store) and over a window holding ~1,000 calls of the app (matches fixed); windows at random "
                + "positions. Disk: the broker's log size of the summaries topic and both changelogs, plus the "
                + "processor's state directory (RocksDB), after loading. Plot: `records-latency.svg`.");
        suite.add("");
        plot.write(suite.outDir().resolve("records-latency.svg"));
    }

    private void one(long n, double seconds) throws Exception {
        String app = "bench-rscale-" + n;
        String summaries = app + "-summaries";
        List<String> side = List.of(app + "-events", app + "-dlq", app + "-alerts", app + "-participants");
        BenchSuite.createTopics(suite.bootstrap(), 4, List.of(summaries));
        BenchSuite.createTopics(suite.bootstrap(), 1, side);
        long now = Instant.now().getEpochSecond();
        long first = now - SPAN_S - 3600;
        BenchSuite.progress(String.format(Locale.ROOT, "records-scale: preloading %,d summaries (load %s)", n,
                LoadAverage.now()));
        long p0 = System.nanoTime();
        preload(summaries, n, first);
        BenchSuite.progress(String.format(Locale.ROOT, "records-scale: preloaded in %.1f s",
                (System.nanoTime() - p0) / 1e9));
        int port = FreePorts.pick();
        Path state = suite.work().resolve("state-" + app);
        Map<String, String> env = new HashMap<>();
        env.put("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap());
        env.put("CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl());
        env.put("CALLSTREAM_APPLICATION_ID", app);
        env.put("CALLSTREAM_STATE_DIR", state.toString());
        env.put("CALLSTREAM_PROCESSOR_PORT", Integer.toString(port));
        env.put("CALLSTREAM_PROCESSOR_HOST", "127.0.0.1");
        env.put("CALLSTREAM_TOPIC_CALL_SUMMARIES", summaries);
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS", side.get(0));
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", side.get(1));
        env.put("CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", side.get(2));
        env.put("CALLSTREAM_TOPIC_CALL_PARTICIPANTS", side.get(3));
        List<String> admins = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int a = 0; a < APPS; a++) {
            admins.add((APP0 + a) + ":administrator");
            keys.add((APP0 + a) + ":" + KEY);
            queries[a] = "?sdkappid=" + (APP0 + a) + "&identifier=administrator&usersig="
                    + UserSigTool.generate(APP0 + a, KEY, "administrator", 86_400, now) + "&random=1&contenttype=json";
        }
        env.put("CALLSTREAM_RECORDS_ADMINS", String.join(",", admins));
        env.put("CALLSTREAM_RECORDS_SECRET_KEYS", String.join(",", keys));
        base = "http://127.0.0.1:" + port;
        try (ChildProcess child = BenchSuite.jvm(ProcessorPhases.PROCESSOR_MAIN, List.of(), env, "1g",
                suite.work().resolve(app + ".log"))) {
            long t0 = System.nanoTime();
            awaitLoaded(n, child);
            double load = (System.nanoTime() - t0) / 1e9;
            long disk = brokerBytes(app) + directoryBytes(state);
            BenchSuite.progress(String.format(Locale.ROOT, "records-scale: %,d queryable after %.1f s, disk %s",
                    n, load, gib(disk)));
            String lead = String.format(Locale.ROOT, "| %,d | %.0f s (%,.0f rec/s) | %s (%,.0f B/record) ", n, load,
                    n / load, gib(disk), (double) disk / n);
            double perAppPerSecond = (double) n / APPS / SPAN_S;
            long thousandSpan = Math.max(1, Math.round(1_000 / perAppPerSecond));
            measure(lead, n, "by CallId", "by CallId", seconds, (rnd, a) -> {
                long i = rnd.nextLong(n / APPS) * APPS + a;
                return new String[] {"/v4/call_record_http_srv/get_record_by_callid",
                    "{\"CallId\":\"" + RecordsPhase.callId(i) + "\"}"};
            });
            measure("| | | ", n, "filter, 1 h window, NotAnswer, page 1 × 10", "filter 1 h", seconds,
                    (rnd, a) -> filter(first + rnd.nextLong(SPAN_S - 3600), 3600));
            measure("| | | ", n, "filter, ~1,000-call window, NotAnswer, page 1 × 10", "filter ~1k calls", seconds,
                    (rnd, a) -> filter(first + rnd.nextLong(Math.max(1, SPAN_S - thousandSpan)), thousandSpan));
        } finally {
            deleteTopics(app, summaries);
            BenchSuite.deleteDirectory(state);
        }
    }

    private static String[] filter(long from, long span) {
        return new String[] {"/v4/call_record_http_srv/get_record_by_filter", "{\"StartTime\":" + from
            + ",\"EndTime\":" + (from + span - 1) + ",\"CallResult\":\"NotAnswer\",\"NumberPerPage\":10,\"Page\":1}"};
    }

    private interface Query {
        /** The path and body of the next request of the client of app index {@code app}. */
        String[] next(SplittableRandom rnd, int app);
    }

    private void measure(String lead, long n, String name, String label, double seconds, Query query) throws Exception {
        Histogram all = new Histogram(3_600_000_000L, 3);
        long[] matched = new long[2];
        List<Thread> clients = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long minGap = (long) (1e9 / CLIENT_CAP_PER_S);
        for (int a = 0; a < APPS; a++) {
            int app = a;
            clients.add(new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(17 + app);
                Histogram mine = new Histogram(3_600_000_000L, 3);
                long sum = 0;
                long count = 0;
                try {
                    long next = System.nanoTime();
                    while (System.nanoTime() < end) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait); // the per-app cap, not synchronisation
                        }
                        next = System.nanoTime() + minGap;
                        String[] q = query.next(rnd, app);
                        long t = System.nanoTime();
                        JsonNode r = post(q[0], q[1], app);
                        mine.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
                        if (r.get("ErrorCode").asInt() != 0) {
                            throw new IllegalStateException("unexpected answer: " + r);
                        }
                        sum += r.at("/Response/TotalNum").asLong(1);
                        count++;
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
                synchronized (all) {
                    all.add(mine);
                    matched[0] += sum;
                    matched[1] += count;
                }
            }, "records-client-" + a));
            clients.get(a).start();
        }
        for (Thread t : clients) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        double p50 = all.getValueAtPercentile(50) / 1000.0;
        double p99 = all.getValueAtPercentile(99) / 1000.0;
        String load = LoadAverage.now();
        suite.add(String.format(Locale.ROOT, "%s| %s | %,.0f | %,d | %,.0f | %.2f ms | %.2f ms | %s |", lead, name,
                matched[1] == 0 ? 0.0 : (double) matched[0] / matched[1], all.getTotalCount(),
                all.getTotalCount() / seconds, p50, p99, load));
        BenchSuite.progress(String.format(Locale.ROOT, "records-scale %,d %s: %,d requests p50 %.2f ms p99 %.2f ms "
                + "(load %s)", n, name, all.getTotalCount(), p50, p99, load));
        plot.point(label + " p50", n, p50);
        plot.point(label + " p99", n, p99);
    }

    private JsonNode post(String path, String body, int app) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path + queries[app]))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private void awaitLoaded(long n, ChildProcess child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(600, n / 4_000));
        long lastLog = 0;
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IllegalStateException("processor died; see " + child.logFile());
            }
            try {
                long total = 0;
                for (int a = 0; a < APPS; a++) {
                    JsonNode r = post("/v4/call_record_http_srv/get_record_by_filter", "{\"NumberPerPage\":1}", a);
                    total += r.at("/Response/TotalNum").asLong(0);
                }
                if (total >= n) {
                    return;
                }
                if (System.nanoTime() - lastLog > 30e9) {
                    lastLog = System.nanoTime();
                    BenchSuite.progress(String.format(Locale.ROOT, "records-scale: %,d of %,d queryable (load %s)",
                            total, n, LoadAverage.now()));
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1_000);
        }
        throw new IllegalStateException(String.format(Locale.ROOT, "not all %,d records queryable in time", n));
    }

    private void preload(String topic, long n, long first) throws Exception {
        AvroSerde<CallSummary> serde = AvroSerde.of(CallSummary.class, Map.of("schema.registry.url", suite.registryUrl()));
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Semaphore window = new Semaphore(50_000);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
            for (long i = 0; i < n; i++) {
                CallSummary s = RecordsPhase.summary(APP0 + i % APPS, i, first + i * SPAN_S / n);
                window.acquire();
                producer.send(new ProducerRecord<>(topic, s.getCallId(), s), (md, ex) -> window.release());
            }
            producer.flush();
        }
    }

    private long brokerBytes(String app) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", suite.bootstrap()))) {
            var dirs = admin.describeLogDirs(List.of(1)).allDescriptions().get(30, TimeUnit.SECONDS).get(1);
            return dirs.values().stream().flatMap(d -> d.replicaInfos().entrySet().stream())
                    .filter(e -> e.getKey().topic().startsWith(app)).mapToLong(e -> e.getValue().size()).sum();
        }
    }

    private void deleteTopics(String app, String summaries) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", suite.bootstrap()))) {
            var names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(app)).collect(Collectors.toList());
            admin.deleteTopics(names).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            BenchSuite.progress("records-scale: could not delete the topics of " + app + ": " + e);
        }
    }

    static long directoryBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }
}

package io.callstream.bench;

import io.callstream.testkit.ChildProcess;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.schemas.serde.AvroDeserializer;
import io.callstream.schemas.registry.SchemaRegistryClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Processor throughput against a pass-through topology with the same serdes and guarantee (1 and 2
 * stream threads, 1 and 4 partitions), and end-to-end latency from webhook POST to the alert and
 * summary being visible to a read_committed consumer. Services run as their own JVMs.
 */
final class ProcessorPhases {

    static final String PROCESSOR_MAIN = "io.callstream.processor.ProcessorMain";
    static final String INGEST_MAIN = Phases.INGEST_MAIN;

    private final BenchSuite suite;

    ProcessorPhases(BenchSuite suite) {
        this.suite = suite;
    }

    // --- 2. throughput ----------------------------------------------------------------------

    void throughput() throws Exception {
        long events = suite.quick() ? 60_000 : 1_000_000;
        suite.add("### Processor throughput (" + String.format(Locale.ROOT, "%,d", events)
                + " preloaded CallEvents: 70 % answered 1:1 calls, 30 % missed; exactly_once_v2)");
        suite.add("");
        suite.add("| partitions | stream threads | sessionizing events/s | pass-through events/s | ratio | "
                + "CPU µs/event sessionizing · pass-through | ratio by CPU | processor peak RSS |");
        suite.add("|---|---|---|---|---|---|---|---|");
        for (int partitions : new int[] {1, 4}) {
            String in = "bench-in-p" + partitions;
            BenchSuite.createTopics(suite.bootstrap(), partitions, List.of(in));
            BenchSuite.progress("preloading " + events + " events into " + in);
            CallEventsPreload.write(suite.bootstrap(), suite.registryUrl(), in, events, "p" + partitions);
            for (int threads : new int[] {1, 2}) {
                String tag = "p" + partitions + "-t" + threads;
                double[] session = sessionize(in, events, threads, tag);
                double[] pass = passThrough(in, events, threads, tag);
                // CPU per event (the JVM's user + system time over the measured span) is the figure that
                // survives a machine shared with other builds; the rate ratio moves with their load
                suite.add(String.format(Locale.ROOT, "| %d | %d | %,.0f | %,.0f | %.0f %% | %.1f · %.1f | %.0f %% | %s |",
                        partitions, threads, session[0], pass[0], 100 * session[0] / pass[0], session[2], pass[2],
                        100 * pass[2] / session[2], BenchSuite.mib((long) session[1])));
            }
        }
        suite.add("");
        suite.add("### State per call (processor stores, as serialized)");
        suite.add("");
        StateFootprint.table().forEach(suite::add);
        suite.add("");
    }

    private double[] sessionize(String in, long events, int threads, String tag) throws Exception {
        String app = "bench-session-" + tag;
        Path log = suite.work().resolve(app + ".log");
        Map<String, String> env = new HashMap<>(processorEnv(app, threads));
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS", in);
        env.put("CALLSTREAM_TOPIC_CALL_SUMMARIES", "bench-summaries-" + tag);
        env.put("CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", "bench-alerts-" + tag);
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", "bench-dlq-" + tag);
        env.put("CALLSTREAM_TOPIC_CALL_PARTICIPANTS", "bench-participants-" + tag);
        BenchSuite.createTopics(suite.bootstrap(), 1, List.of("bench-summaries-" + tag, "bench-alerts-" + tag,
                "bench-dlq-" + tag, "bench-participants-" + tag));
        BenchSuite.progress("sessionizing " + tag);
        try (ChildProcess child = BenchSuite.jvm(PROCESSOR_MAIN, List.of(), env, "1g", log)) {
            double[] rate = consumeRate(app, in, events, child, log);
            BenchSuite.progress(String.format(Locale.ROOT, "sessionizing %s: %,.0f events/s, %.1f µs CPU/event (load %s)",
                    tag, rate[0], rate[1], loadAverage()));
            return new double[] {rate[0], child.peakRssKb(), rate[1]};
        }
    }

    private double[] passThrough(String in, long events, int threads, String tag) throws Exception {
        String app = "bench-pass-" + tag;
        Path log = suite.work().resolve(app + ".log");
        BenchSuite.createTopics(suite.bootstrap(), 1, List.of("bench-out-" + tag));
        BenchSuite.progress("pass-through " + tag);
        try (ChildProcess child = BenchSuite.jvm(PassThroughMain.class.getName(), List.of(suite.bootstrap(),
                suite.registryUrl(), in, "bench-out-" + tag, app, Integer.toString(threads),
                suite.work().resolve("state-" + app).toString()), Map.of(), "1g", log)) {
            double[] rate = consumeRate(app, in, events, child, log);
            BenchSuite.progress(String.format(Locale.ROOT, "pass-through %s: %,.0f events/s, %.1f µs CPU/event (load %s)",
                    tag, rate[0], rate[1], loadAverage()));
            return new double[] {rate[0], 0, rate[1]};
        }
    }

    private Map<String, String> processorEnv(String app, int threads) {
        return Map.of("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap(),
                "CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl(),
                "CALLSTREAM_APPLICATION_ID", app,
                "CALLSTREAM_NUM_STREAM_THREADS", Integer.toString(threads),
                "CALLSTREAM_STATE_DIR", suite.work().resolve("state-" + app).toString(),
                "CALLSTREAM_PROCESSOR_PORT", Integer.toString(io.callstream.testkit.FreePorts.pick()),
                "CALLSTREAM_PROCESSOR_HOST", "127.0.0.1");
    }

    /** The 1-minute load average, for the progress lines (the machine is shared). */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    /** The offsets {@code group} has committed on {@code topic}, summed over its partitions. */
    static long committed(Admin admin, String group, String topic) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /**
     * Events per second from the first committed progress of the group to its committing the whole
     * input (JVM start-up and rebalance are excluded; the final commit is included), and the child's
     * CPU time per event over the same span in µs.
     */
    private double[] consumeRate(String group, String topic, long total, ChildProcess child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        long firstCount = -1;
        long firstAt = 0;
        long firstCpu = 0;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", suite.bootstrap()))) {
            while (System.nanoTime() < deadline) {
                if (!child.isAlive()) {
                    throw new IllegalStateException(group + " died; see " + log);
                }
                child.sampleRssKb();
                long committed = ProcessorPhases.committed(admin, group, topic);
                long now = System.nanoTime();
                if (committed > 0 && firstCount < 0) {
                    firstCount = committed;
                    firstAt = now;
                    firstCpu = child.cpuMillis();
                }
                if (committed >= total) {
                    double cpuMicros = 1000.0 * (child.cpuMillis() - firstCpu) / (total - firstCount);
                    return new double[] {firstAt == now ? Double.NaN : (total - firstCount) / ((now - firstAt) / 1e9),
                            cpuMicros};
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(group + " did not consume " + total + " events in 5 minutes; see " + log);
    }

    // --- 3. end-to-end latency ----------------------------------------------------------------

    void endToEnd() throws Exception {
        int calls = suite.quick() ? 100 : 1_500;
        int ratePerSecond = 100;
        int ingestPort = io.callstream.testkit.FreePorts.pick();
        Path ingestLog = suite.work().resolve("e2e-ingest.log");
        Path processorLog = suite.work().resolve("e2e-processor.log");
        // fresh topics: the default ones hold the ingest phase's backlog
        Map<String, String> topics = Map.of("CALLSTREAM_TOPIC_CALL_EVENTS", "e2e-call-events",
                "CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", "e2e-call-events-dlq",
                "CALLSTREAM_TOPIC_CALL_SUMMARIES", "e2e-call-summaries",
                "CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", "e2e-missed-call-alerts",
                "CALLSTREAM_TOPIC_CALL_PARTICIPANTS", "e2e-call-participants");
        BenchSuite.createTopics(suite.bootstrap(), 4, List.copyOf(topics.values()));
        Map<String, String> processorEnv = new HashMap<>(processorEnv("bench-e2e", 1));
        processorEnv.putAll(topics);
        Map<String, String> ingestEnv = new HashMap<>(Map.of(
                "CALLSTREAM_HTTP_HOST", "127.0.0.1", "CALLSTREAM_HTTP_PORT", Integer.toString(ingestPort),
                "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap(),
                "CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl(),
                "CALLSTREAM_SDKAPPIDS", "1400000001"));
        ingestEnv.putAll(topics);
        Map<String, Histogram> latencies = Map.of("alert", new Histogram(3_600_000_000L, 3),
                "summary", new Histogram(3_600_000_000L, 3));
        Map<String, Long> decidedAt = new ConcurrentHashMap<>();
        Map<String, Long> endedAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (ChildProcess processor = BenchSuite.jvm(PROCESSOR_MAIN, List.of(), processorEnv, "1g", processorLog);
             ChildProcess ingest = BenchSuite.jvm(INGEST_MAIN, List.of(), ingestEnv, "1g", ingestLog)) {
            ingest.awaitHttp("http://127.0.0.1:" + ingestPort + "/health/ready", Duration.ofSeconds(60));
            processor.awaitHttp("http://127.0.0.1:" + processorEnv.get("CALLSTREAM_PROCESSOR_PORT") + "/health/ready",
                    Duration.ofSeconds(60));
            java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> readOutputs(latencies, decidedAt, endedAt, stop, calls, assigned),
                    "e2e-reader");
            reader.start();
            if (!assigned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("e2e reader got no partitions in 60 s");
            }
            BenchSuite.progress("end-to-end: warm-up, then " + calls + " missed calls at " + ratePerSecond + " calls/s");
            postMissedCalls(ingestPort, "warm", ratePerSecond * 5, ratePerSecond, new ConcurrentHashMap<>(),
                    new ConcurrentHashMap<>());
            postMissedCalls(ingestPort, "e2e", calls, ratePerSecond, decidedAt, endedAt);
            reader.join(60_000);
            stop.set(true);
            reader.join(5_000);
        }
        suite.add("### End-to-end latency (webhook POST answered → record visible to a read_committed consumer)");
        suite.add("");
        suite.add(String.format(Locale.ROOT, "%,d missed 1:1 calls at %d calls/s (%d webhooks/s) through ingest and processor "
                + "(one stream thread, commit.interval.ms=100), after a 5 s warm-up at the same rate.", calls,
                ratePerSecond, ratePerSecond * 4));
        suite.add("");
        suite.add("| output | measured from | records | p50 | p99 | max |");
        suite.add("|---|---|---|---|---|---|");
        row("missed-call alert", "the deciding webhook (callee's not_answer_call)", latencies.get("alert"));
        row("call summary", "the last webhook of the call", latencies.get("summary"));
        suite.add("");
    }

    private void row(String what, String from, Histogram h) {
        suite.add(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s | %s |", what, from, h.getTotalCount(),
                BenchSuite.ms(h.getValueAtPercentile(50)), BenchSuite.ms(h.getValueAtPercentile(99)),
                BenchSuite.ms(h.getMaxValue())));
    }

    private void postMissedCalls(int port, String prefix, int calls, int rate, Map<String, Long> decidedAt,
                                 Map<String, Long> endedAt) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(8);
        long epoch = System.currentTimeMillis() / 1000;
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String callId = prefix + "-" + epoch + "-" + i;
            futures.add(pool.schedule(() -> {
                post(http, port, callId, "caller", "alice", "start_call", epoch);
                post(http, port, callId, "callee", "bob", "receive_call", epoch);
                post(http, port, callId, "callee", "bob", "not_answer_call", epoch + 30);
                decidedAt.put(callId, System.nanoTime());
                post(http, port, callId, "caller", "alice", "call_missed", epoch + 30);
                endedAt.put(callId, System.nanoTime());
                return null;
            }, i * 1_000_000L / rate, TimeUnit.MICROSECONDS));
        }
        for (var f : futures) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    private static void post(HttpClient http, int port, String callId, String role, String user, String event,
                             long time) {
        String body = String.format(Locale.ROOT, "{\"UserId\":\"%s-%s\",\"RoomId\":\"r-%s\",\"TotalNum\":2,"
                + "\"MediaType\":\"audio\",\"CallType\":\"single\",\"CallId\":\"%s\",\"Role\":\"%s\",\"Event\":\"%s\","
                + "\"CallResult\":\"%s\",\"EventTime\":%d}", user, callId, callId, callId, role, event,
                event.contains("answer") || event.contains("missed") ? "not_answer" : "", time);
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/callbacks/callkit?" + Webhooks.QUERY)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IllegalStateException("ingest answered " + res.statusCode() + ": " + res.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void readOutputs(Map<String, Histogram> latencies, Map<String, Long> decidedAt, Map<String, Long> endedAt,
                             AtomicBoolean stop, int calls, java.util.concurrent.CountDownLatch assigned) {
        var client = SchemaRegistryClients.create(Map.of("schema.registry.url", suite.registryUrl()));
        var alerts = new AvroDeserializer<MissedCallAlert>(client, MissedCallAlert.class);
        var summaries = new AvroDeserializer<CallSummary>(client, CallSummary.class);
        Map<String, Object> props = Map.of("bootstrap.servers", suite.bootstrap(), "group.id", "bench-e2e-reader",
                "auto.offset.reset", "latest", "isolation.level", "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("e2e-missed-call-alerts", "e2e-call-summaries"));
            while (consumer.assignment().isEmpty() && !stop.get()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            assigned.countDown();
            while (!stop.get() && latencies.get("summary").getTotalCount() + latencies.get("alert").getTotalCount()
                    < 2L * calls) {
                for (var r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    if (r.topic().equals("e2e-missed-call-alerts")) {
                        Long t = decidedAt.get(alerts.deserialize(r.topic(), r.value()).getCallId());
                        if (t != null) {
                            latencies.get("alert").recordValue(Math.max(0, (now - t) / 1000));
                        }
                    } else {
                        Long t = endedAt.get(summaries.deserialize(r.topic(), r.value()).getCallId());
                        if (t != null) {
                            latencies.get("summary").recordValue(Math.max(0, (now - t) / 1000));
                        }
                    }
                }
            }
        }
    }
}

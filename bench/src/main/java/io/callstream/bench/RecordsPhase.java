package io.callstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.common.auth.UserSigTool;
import io.callstream.processor.records.CallRecord;
import io.callstream.processor.records.CallRecordSerde;
import io.callstream.processor.records.RecordKeys;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The call-records API with a full store: preloads call summaries (1,000,000; 50,000 when quick) spread
 * over the last six days into a summaries topic, starts one processor on it, and measures how long the
 * records view takes to hold them, the state per record (serialized, in the changelogs), the
 * by-callId latency and the filter latency by number of matching records, page size and page depth —
 * each paced below the documented 200 calls/s limit, one request at a time.
 */
final class RecordsPhase {

    private static final long APP = 1_400_000_001L;
    private static final String KEY = "bench-records-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SPAN_S = 6L * 24 * 3600;
    private static final double PACE_PER_S = 150;

    private final BenchSuite suite;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private String query;

    RecordsPhase(BenchSuite suite) {
        this.suite = suite;
    }

    void run() throws Exception {
        long n = suite.quick() ? 50_000 : 1_000_000;
        String app = "bench-records";
        String summaries = "bench-records-summaries";
        BenchSuite.createTopics(suite.bootstrap(), 4, List.of(summaries));
        BenchSuite.createTopics(suite.bootstrap(), 1, List.of("bench-records-events", "bench-records-dlq", "bench-records-alerts"));
        long now = Instant.now().getEpochSecond();
        long first = now - SPAN_S;
        BenchSuite.progress("records: preloading " + n + " call summaries");
        preload(summaries, n, first);
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
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS", "bench-records-events");
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", "bench-records-dlq");
        env.put("CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", "bench-records-alerts");
        env.put("CALLSTREAM_RECORDS_ADMINS", APP + ":administrator");
        env.put("CALLSTREAM_RECORDS_SECRET_KEYS", APP + ":" + KEY);
        base = "http://127.0.0.1:" + port;
        query = "?sdkappid=" + APP + "&identifier=administrator&usersig="
                + UserSigTool.generate(APP, KEY, "administrator", 86_400, now) + "&random=1&contenttype=json";
        suite.add("### Call records API (" + String.format(Locale.ROOT, "%,d", n) + " calls in the store, one app, "
                + "spread over 6 days; 4 partitions; one processor)");
        suite.add("");
        try (ChildProcess child = BenchSuite.jvm(ProcessorPhases.PROCESSOR_MAIN, List.of(), env, "1g",
                suite.work().resolve(app + ".log"))) {
            var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "records-rss");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(child::sampleRssKb, 0, 500, TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime();
            long loaded = awaitLoaded(n, child);
            double secs = (System.nanoTime() - t0) / 1e9;
            suite.add(String.format(Locale.ROOT, "Loaded: %,d records queryable %.1f s after the processor JVM started "
                    + "(%,.0f records/s, JVM start-up included).", loaded, secs, loaded / secs));
            suite.add("");
            stateSize(app, n);
            latencies(n, first);
            sampler.shutdownNow();
            suite.add("Processor peak RSS: " + BenchSuite.mib(child.peakRssKb()) + ".");
            suite.add("");
        }
    }

    private void latencies(long n, long first) throws Exception {
        SplittableRandom rnd = new SplittableRandom(42);
        int samples = suite.quick() ? 300 : 1_500;
        Histogram byId = new Histogram(3);
        paced(samples, () -> {
            long i = rnd.nextLong(n);
            JsonNode r = post("/v4/call_record_http_srv/get_record_by_callid", "{\"CallId\":\"" + callId(i) + "\"}", byId);
            require(r, 0);
        });
        suite.add("| query | matching records | page size × page | samples | p50 | p99 |");
        suite.add("|---|---|---|---|---|---|");
        suite.add(String.format(Locale.ROOT, "| v4 get_record_by_callid (random existing call) | 1 | – | %d | %s | %s |",
                samples, BenchSuite.ms(byId.getValueAtPercentile(50)), BenchSuite.ms(byId.getValueAtPercentile(99))));
        double perSecond = (double) n / SPAN_S;
        long mid = first + SPAN_S / 2;
        for (long matching : java.util.stream.LongStream.of(1_000, 10_000, 100_000, n).filter(m -> m <= n).distinct()
                .toArray()) {
            long span = Math.max(1, Math.round(matching / perSecond));
            long from = matching >= n ? first - 60 : mid - span / 2;
            long to = matching >= n ? first + SPAN_S + 60 : from + span - 1;
            for (int[] pp : new int[][] {{10, 1}, {100, 1}, {100, 100}}) {
                if (pp[1] > 1 && matching < 100_000) {
                    continue;
                }
                int reps = suite.quick() ? 5 : matching >= n ? 10 : 30;
                Histogram h = new Histogram(3);
                long[] total = new long[1];
                String body = "{\"StartTime\":" + from + ",\"EndTime\":" + to + ",\"NumberPerPage\":" + pp[0]
                        + ",\"Page\":" + pp[1] + "}";
                paced(reps, () -> total[0] = require(post("/v4/call_record_http_srv/get_record_by_filter", body, h), 0)
                        .at("/Response/TotalNum").asLong());
                suite.add(String.format(Locale.ROOT, "| v4 get_record_by_filter | %,d | %d × %d | %d | %s | %s |", total[0],
                        pp[0], pp[1], reps, BenchSuite.ms(h.getValueAtPercentile(50)), BenchSuite.ms(h.getValueAtPercentile(99))));
                BenchSuite.progress(String.format(Locale.ROOT, "records: filter %,d matching, %d × %d: p50 %s", total[0],
                        pp[0], pp[1], BenchSuite.ms(h.getValueAtPercentile(50))));
            }
        }
        suite.add("");
    }

    private interface Call {
        void run() throws Exception;
    }

    /** {@code count} calls one after the other, started no faster than {@value #PACE_PER_S}/s. */
    private static void paced(int count, Call call) throws Exception {
        long interval = (long) (1e9 / PACE_PER_S);
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // pacing, not synchronisation
            }
            call.run();
            next += interval;
        }
    }

    private JsonNode post(String path, String body, Histogram h) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path + query))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        h.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
        return JSON.readTree(r.body());
    }

    private static JsonNode require(JsonNode r, int code) {
        if (r.get("ErrorCode").asInt() != code) {
            throw new IllegalStateException("unexpected answer: " + r);
        }
        return r;
    }

    private long awaitLoaded(long n, ChildProcess child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        Histogram ignored = new Histogram(3);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IllegalStateException("processor died; see its log");
            }
            try {
                JsonNode r = post("/v4/call_record_http_srv/get_record_by_filter", "{\"NumberPerPage\":1}", ignored);
                long total = r.at("/Response/TotalNum").asLong(-1);
                if (total >= n) {
                    return total;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("records not loaded within 10 minutes");
    }

    /** Bytes per record: serialized (key + value, both stores) and in the changelog topics. */
    private void stateSize(String app, long n) throws Exception {
        CallRecord sample = CallRecord.of(summary(0, Instant.now().getEpochSecond()));
        int recordBytes = RecordKeys.record(APP, sample.callId()).get().length + CallRecordSerde.toBytes(sample).length;
        int indexBytes = RecordKeys.index(sample).get().length + RecordKeys.indexValue(sample).length;
        long records = changelogBytes(app + "-call-records-changelog");
        long index = changelogBytes(app + "-call-records-by-start-changelog");
        suite.add("| store | serialized key + value (a 1:1 call, UUID callId) | changelog bytes per record (broker log size / records) |");
        suite.add("|---|---|---|");
        suite.add(String.format(Locale.ROOT, "| `call-records` | %d B | %.0f B |", recordBytes, (double) records / n));
        suite.add(String.format(Locale.ROOT, "| `call-records-by-start` | %d B | %.0f B |", indexBytes, (double) index / n));
        suite.add("");
    }

    private long changelogBytes(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", suite.bootstrap()))) {
            var dirs = admin.describeLogDirs(List.of(1)).allDescriptions().get(30, TimeUnit.SECONDS).get(1);
            return dirs.values().stream().flatMap(d -> d.replicaInfos().entrySet().stream())
                    .filter(e -> e.getKey().topic().equals(topic)).mapToLong(e -> e.getValue().size()).sum();
        }
    }

    private void preload(String topic, long n, long first) throws Exception {
        AvroSerde<CallSummary> serde = AvroSerde.of(CallSummary.class, Map.of("schema.registry.url", suite.registryUrl()));
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        Semaphore window = new Semaphore(50_000);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
            for (long i = 0; i < n; i++) {
                CallSummary s = summary(i, first + i * SPAN_S / n);
                window.acquire();
                producer.send(new ProducerRecord<>(topic, s.getCallId(), s), (md, ex) -> window.release());
            }
            producer.flush();
        }
    }

    static String callId(long i) {
        return String.format(Locale.ROOT, "%08x-bc8a-469c-a334-%012x", i, i * 2_654_435_761L & 0xffffffffffffL);
    }

    /** Call {@code i}: 70 % answered, 30 % not; every 10th a group call of four. */
    private static CallSummary summary(long i, long startS) {
        return summary(APP, i, startS);
    }

    /** {@link #summary(long, long)} of app {@code app} (the records scaling phase spreads calls over several apps). */
    static CallSummary summary(long app, long i, long startS) {
        boolean answered = i % 10 < 7;
        boolean group = i % 10 == 9;
        Instant start = Instant.ofEpochSecond(startS);
        List<Participant> ps = new java.util.ArrayList<>();
        ps.add(Participant.newBuilder().setUserId("user-" + (i % 100_000)).setRole(CallRole.CALLER)
                .setOutcome(answered ? ParticipantOutcome.ANSWERED : ParticipantOutcome.UNKNOWN).build());
        for (int c = 0; c < (group ? 3 : 1); c++) {
            ps.add(Participant.newBuilder().setUserId("user-" + ((i * 7 + c + 1) % 100_000)).setRole(CallRole.CALLEE)
                    .setOutcome(answered ? ParticipantOutcome.ANSWERED : ParticipantOutcome.MISSED).build());
        }
        return CallSummary.newBuilder().setCallId(callId(i)).setSdkAppId(app).setRoomId(Long.toString(100_000 + i))
                .setCallType(group ? CallType.GROUP : CallType.SINGLE).setMediaType(MediaType.AUDIO)
                .setCallerId(ps.get(0).getUserId()).setOutcome(answered ? CallOutcome.COMPLETED : CallOutcome.MISSED)
                .setParticipants(ps).setStartedAt(start).setAnsweredAt(answered ? start.plusSeconds(4) : null)
                .setEndedAt(start.plusSeconds(answered ? 95 : 30)).setRingDurationMs(answered ? 4000L : null)
                .setTalkDurationMs(answered ? 91_000 : 0).setEventCount(6).setDuplicateCount(0)
                .setClosedBy(ClosedBy.EVENTS).setRevision(1).build();
    }
}

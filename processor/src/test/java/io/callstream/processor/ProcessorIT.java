package io.callstream.processor;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_ACCEPTED;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.CALL_MISSED;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallSummary;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on a real broker and a real registry: events in, summaries and alerts read back by an
 * independent read_committed consumer; and a processor killed with SIGKILL mid-stream and restarted
 * on the same state directory and application id gives the same outputs, none lost, none duplicated.
 */
class ProcessorIT {

    /** State folders of the processors under test, deleted after each test. */
    @TempDir
    Path tmp;


    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    @Test
    void shouldEmitSummariesAlertsAndDeadLettersWhenEventsAreProduced() throws Exception {
        ItTopics n = new ItTopics();
        KAFKA.createTopics(2, n.events);
        KAFKA.createTopics(1, n.dlq, n.summaries, n.alerts);
        Path stateDir = Files.createTempDirectory(tmp, "proc-it-");
        try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.of(config(n, stateDir)))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
            assertThat(get(app.port(), "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(app.port(), "/health/live").statusCode()).isEqualTo(200);
            assertThat(KAFKA.topicMinInsyncReplicas("processor-it-" + n.id + "-call-sessions-changelog"))
                    .as("set on the topic, not inherited from the broker").isEqualTo("1");

            List<CallEvent> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                events.addAll(call("it1-" + i, i % 3 == 0));
            }
            produce(n.events, events);
            produceRaw(n.events, "it1-bad", "garbage".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(60)).until(() -> output(n).summaries(n.summaries).size() == 20);

            String metrics = get(app.port(), "/metrics").body();
            assertThat(metrics).contains("callstream_processor_summaries_total{outcome=\"COMPLETED\"} 13.0")
                    .contains("callstream_processor_alerts_total{reason=\"NO_ANSWER\"} 7.0")
                    .contains("kafka_stream_");
        }
        assertExactOutputs(n, 20, "it1-");
        List<ConsumerRecord<String, DeadLetter>> dead = output(n).deadLetters(n.dlq);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly("it1-bad");
        assertThat(dead.get(0).value().getSource()).isEqualTo(DeadLetterSource.PROCESSOR);
        assertThat(dead.get(0).value().getReason()).isEqualTo("UNDECODABLE_VALUE");
    }

    /**
     * A broker refuses record timestamps more than {@code log.message.timestamp.after.max.ms} (1 h)
     * ahead. Before the fix, one event dated 2100 made every changelog and output write of its task
     * fail, on every retry: its partition stopped for good.
     */
    @Test
    void shouldKeepThePartitionFlowingWhenAnEventIsDatedFarInTheFuture() throws Exception {
        ItTopics n = new ItTopics();
        KAFKA.createTopics(1, n.events, n.dlq, n.summaries, n.alerts);
        Path stateDir = Files.createTempDirectory(tmp, "proc-it-future-");
        try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.of(config(n, stateDir)))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
            CallEvent future = CallEvent.newBuilder(caller("it4-future", "alice", START_CALL, 0))
                    .setEventTime(java.time.Instant.parse("2100-01-01T00:00:00Z")).build();
            List<CallEvent> events = new ArrayList<>(List.of(future));
            for (int i = 0; i < 5; i++) {
                events.addAll(call("it4-" + i, i % 3 == 0));
            }
            produce(n.events, events);

            await().atMost(Duration.ofSeconds(60)).until(() -> output(n).summaries(n.summaries).size() == 5);
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        assertExactOutputs(n, 5, "it4-");
        List<ConsumerRecord<String, DeadLetter>> dead = output(n).deadLetters(n.dlq);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly("it4-future");
        assertThat(dead.get(0).value().getReason()).isEqualTo("EVENT_TIME_IN_FUTURE");
    }

    @Test
    void shouldNeitherLoseNorDuplicateOutputsWhenKilledMidStreamAndRestarted() throws Exception {
        ItTopics n = new ItTopics();
        KAFKA.createTopics(2, n.events);
        KAFKA.createTopics(1, n.dlq, n.summaries, n.alerts);
        Path stateDir = Files.createTempDirectory(tmp, "proc-it-state-");
        int calls = 300;
        List<CallEvent> first = new ArrayList<>();
        List<CallEvent> rest = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            List<CallEvent> es = call("it2-" + i, i % 3 == 0);
            if (i < calls / 2) {
                first.addAll(es);
            } else {
                first.addAll(es.subList(0, 2));
                rest.addAll(es.subList(2, es.size()));
            }
        }
        produce(n.events, first);

        Process child = startChild(config(n, stateDir));
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> output(n).summaries(n.summaries).size() >= calls / 2);
            produce(n.events, rest);
            child.destroyForcibly();
            child.waitFor();
        } finally {
            child.destroyForcibly();
        }

        try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.of(config(n, stateDir)))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> output(n).summaries(n.summaries).size() >= calls);
        }
        assertExactOutputs(n, calls, "it2-");
    }

    /**
     * The session cache holds two sessions per task, so that within every commit dirty sessions are pushed
     * out and written early: a second instance joins (tasks move: a clean close, so a write-down and a
     * commit), then the first is killed mid-stream (its open transaction aborts; the second restores from
     * the changelog). Every call still ends with exactly its events counted, once.
     */
    @Test
    void shouldNeitherLoseNorDoubleSessionUpdatesWhenTasksMoveAndTheirFirstOwnerIsKilled() throws Exception {
        ItTopics n = new ItTopics();
        KAFKA.createTopics(4, n.events);
        KAFKA.createTopics(1, n.dlq, n.summaries, n.alerts);
        int calls = 300;
        List<CallEvent> first = new ArrayList<>();
        List<CallEvent> middle = new ArrayList<>();
        List<CallEvent> rest = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            List<CallEvent> es = call("it6-" + i, i % 3 == 0);
            // a call waits only while ringing: a decided one would close after the 1 s settle delay
            if (i < calls / 3) {
                first.addAll(es);
            } else {
                first.addAll(es.subList(0, 2));
                (i < 2 * calls / 3 ? middle : rest).addAll(es.subList(2, es.size()));
            }
        }
        produce(n.events, first);
        Map<String, String> a = config(n, Files.createTempDirectory(tmp, "proc-it-a-"));
        a.put("session.cache.max.entries", "2");
        Map<String, String> b = new java.util.HashMap<>(a);
        b.put("state.dir", Files.createTempDirectory(tmp, "proc-it-b-").toString());

        Process child = startChild(a);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> output(n).summaries(n.summaries).size() >= calls / 3);
            try (ProcessorApp second = ProcessorApp.start(ProcessorConfig.of(b))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> second.state() == KafkaStreams.State.RUNNING);
                produce(n.events, middle); // the second third of the calls ends: summaries from the tasks that moved
                await().atMost(Duration.ofSeconds(90)).until(() -> second.meterRegistry().find("callstream.processor.summaries")
                        .counters().stream().mapToDouble(c -> c.count()).sum() > 0);
                produce(n.events, rest);
                child.destroyForcibly();
                child.waitFor();
                await().atMost(Duration.ofSeconds(120)).until(() -> output(n).summaries(n.summaries).size() >= calls);
            }
        } finally {
            child.destroyForcibly();
        }
        assertExactOutputs(n, calls, "it6-");
    }

    @Test
    void shouldFinishCallsFromKeptStateWhenRestartedAfterCleanShutdown() throws Exception {
        ItTopics n = new ItTopics();
        KAFKA.createTopics(2, n.events);
        KAFKA.createTopics(1, n.dlq, n.summaries, n.alerts);
        Path stateDir = Files.createTempDirectory(tmp, "proc-it-restart-");
        List<CallEvent> first = new ArrayList<>();
        List<CallEvent> rest = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<CallEvent> es = call("it3-" + i, i % 3 == 0);
            first.addAll(es.subList(0, 3));
            rest.addAll(es.subList(3, es.size()));
        }
        try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.of(config(n, stateDir)))) {
            produce(n.events, first);
            await().atMost(Duration.ofSeconds(60)).until(() -> app.meterRegistry().find("callstream.processor.alerts")
                    .counters().stream().mapToDouble(c -> c.count()).sum() >= 4);
            // a missed call may close after the 1 s settle delay meanwhile (on a loaded machine); an answered one cannot
            assertThat(output(n).summaries(n.summaries)).extracting(ConsumerRecord::key)
                    .isSubsetOf("it3-0", "it3-3", "it3-6", "it3-9");
        }
        try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.of(config(n, stateDir)))) {
            produce(n.events, rest);
            await().atMost(Duration.ofSeconds(60)).until(() -> output(n).summaries(n.summaries).size() >= 10);
        }
        assertExactOutputs(n, 10, "it3-");
    }

    /**
     * Down for longer than the settle delay and the idle timeout while calls complete, then
     * restarted: the timers of the sessions kept in state must wait until the backlog is read.
     * Before the fix they fired at the first punctuation, before the backlog's accepts and ends were
     * read: MISSED summaries with inferred alerts and TIMED_OUT summaries, then revision 2.
     */
    @Test
    void shouldDecideNothingBeforeTheBacklogIsReadWhenRestartedAfterDowntime() throws Exception {
        ItTopics n = new ItTopics();
        KAFKA.createTopics(1, n.events, n.dlq, n.summaries, n.alerts);
        Path stateDir = Files.createTempDirectory(tmp, "proc-it-downtime-");
        Map<String, String> config = config(n, stateDir);
        // long enough that the first run decides nothing, short enough that the downtime exceeds both
        config.put("session.settle.delay", "5s");
        config.put("session.idle.timeout", "6s");
        config.put("punctuation.interval", "100ms");
        List<CallEvent> before = new ArrayList<>();
        List<CallEvent> backlog = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<CallEvent> es = call("it5-" + i, false);
            // answered calls: ringing (idle timer) or ended by the caller before the answer was seen (settle timer)
            List<CallEvent> first = i % 2 == 0 ? es.subList(0, 2) : List.of(es.get(0), es.get(1), es.get(4));
            before.addAll(first);
            es.stream().filter(e -> !first.contains(e)).forEach(backlog::add);
        }
        before.addAll(List.of(caller("it5-ringing", "alice", START_CALL, 0), callee("it5-ringing", "bob", RECEIVE_CALL, 1)));
        before.addAll(call("it5-marker", false));
        try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.of(config))) {
            produce(n.events, before);
            await().atMost(Duration.ofSeconds(60)).until(() -> output(n).summaries(n.summaries).size() == 1);
        }
        long downSince = System.currentTimeMillis();
        // a backlog that takes a while to read: redeliveries of an event of the closed marker call
        List<CallEvent> filler = java.util.Collections.nCopies(20_000, caller("it5-marker", "alice", START_CALL, 0));
        produce(n.events, filler);
        produce(n.events, backlog);
        await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() > downSince + 7_000);

        try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.of(config))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> output(n).summaries(n.summaries).size() >= 12);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, CallSummary> summaries = output(n).summaries(n.summaries).stream()
                    .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value,
                            (a, b) -> { throw new AssertionError("second summary for " + a.getCallId() + ": " + b); }));
            assertThat(summaries).hasSize(12);
            for (int i = 0; i < 10; i++) {
                assertThat(summaries.get("it5-" + i)).satisfies(s -> {
                    assertThat(s.getOutcome()).isEqualTo(CallOutcome.COMPLETED);
                    assertThat(s.getRevision()).isEqualTo(1);
                });
            }
            assertThat(summaries.get("it5-ringing").getOutcome()).as("an idle call still times out")
                    .isEqualTo(CallOutcome.TIMED_OUT);
            assertThat(output(n).alerts(n.alerts)).extracting(r -> r.value().getCallId()).containsExactly("it5-ringing");
        });
    }

    /**
     * Exactly one summary (revision 1) per call with every event counted, and one alert per missed
     * call. Called after the processor closed, so nothing new can arrive; re-read while a
     * transaction's commit markers may still be on their way (a duplicate never goes away and fails).
     */
    private void assertExactOutputs(ItTopics n, int calls, String prefix) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> exactOutputs(n, calls, prefix));
    }

    private void exactOutputs(ItTopics n, int calls, String prefix) {
        OutputTopics out = output(n);
        Map<String, CallSummary> summaries = out.summaries(n.summaries).stream()
                .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value,
                        (a, b) -> { throw new AssertionError("duplicate summary for " + a.getCallId()); }));
        assertThat(summaries).hasSize(calls);
        for (int i = 0; i < calls; i++) {
            CallSummary s = summaries.get(prefix + i);
            boolean missed = i % 3 == 0;
            assertThat(s.getOutcome()).isEqualTo(missed ? CallOutcome.MISSED : CallOutcome.COMPLETED);
            assertThat(s.getEventCount()).isEqualTo(missed ? 4 : 6);
            assertThat(s.getRevision()).isEqualTo(1);
            assertThat(s.getDuplicateCount()).isZero();
        }
        Map<String, MissedCallAlert> alerts = out.alerts(n.alerts).stream()
                .collect(Collectors.toMap(r -> r.value().getAlertId(), ConsumerRecord::value,
                        (a, b) -> { throw new AssertionError("duplicate alert " + a.getAlertId()); }));
        assertThat(alerts).hasSize((calls + 2) / 3);
        assertThat(alerts.values()).allSatisfy(a -> {
            assertThat(a.getReason()).isEqualTo(MissedReason.NO_ANSWER);
            assertThat(a.getCalleeId()).isEqualTo("bob");
        });
    }

    private static List<CallEvent> call(String callId, boolean missed) {
        if (missed) {
            return List.of(caller(callId, "alice", START_CALL, 0), callee(callId, "bob", RECEIVE_CALL, 1),
                    callee(callId, "bob", NOT_ANSWER_CALL, 30), caller(callId, "alice", CALL_MISSED, 30));
        }
        return List.of(caller(callId, "alice", START_CALL, 0), callee(callId, "bob", RECEIVE_CALL, 1),
                callee(callId, "bob", ACCEPT_CALL, 5), caller(callId, "alice", CALL_ACCEPTED, 5),
                caller(callId, "alice", CALL_END, 65), callee(callId, "bob", CALL_END, 65));
    }

    private static void produce(String topic, List<CallEvent> events) {
        Map<String, Object> serde = Map.of("schema.registry.url", REGISTRY.url());
        try (KafkaProducer<String, CallEvent> p = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(),
                AvroSerde.of(CallEvent.class, serde).serializer())) {
            for (CallEvent e : events) {
                p.send(new ProducerRecord<>(topic, e.getCallId(), e));
            }
            p.flush();
        }
    }

    private static void produceRaw(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, key, value));
            p.flush();
        }
    }

    private static OutputTopics output(ItTopics n) {
        return new OutputTopics(KAFKA.consumerProps("reader-" + UUID.randomUUID()),
                SchemaRegistryClients.create(Map.of("schema.registry.url", REGISTRY.url())));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** ProcessorMain in its own JVM, configured through CALLSTREAM_* environment variables only. */
    private static Process startChild(Map<String, String> config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ProcessorMain.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("CALLSTREAM_"));
        config.forEach((k, v) -> pb.environment().put(io.callstream.schemas.config.Settings.envName(k), v));
        Path log = Path.of("target", "processor-child-" + UUID.randomUUID() + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /** The processor on {@code n}'s topics, on this class's broker and registry, with quick rebalances. */
    private static Map<String, String> config(ItTopics n, Path stateDir) {
        Map<String, String> c = n.config("processor-it-", KAFKA.bootstrapServers(), REGISTRY.url(), stateDir);
        c.put("kafka.session.timeout.ms", "6000");
        c.put("kafka.heartbeat.interval.ms", "1000");
        return c;
    }
}

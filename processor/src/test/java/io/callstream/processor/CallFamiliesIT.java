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
import static io.callstream.processor.CallEvents.normalEnd;
import static io.callstream.processor.FamilyEvents.change;
import static io.callstream.processor.FamilyEvents.endCall;
import static io.callstream.processor.FamilyEvents.memberChanged;
import static io.callstream.processor.FamilyEvents.startCall;
import static io.callstream.processor.FamilyEvents.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MemberAction;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole calls of every callback family, as ingest writes them (CallEvents in the real serde through
 * the real registry, on a real broker): v1 events, the v1 status callback, the three v4 callbacks,
 * and v1 and v4 callbacks for one call; their summaries and alerts read back by an independent
 * read_committed consumer. The settle delay is 30 s: every summary here is emitted by events or by
 * an end-of-call record, at once.
 */
class CallFamiliesIT {

    /** State folders of the processors under test, deleted after each test. */
    @TempDir
    Path tmp;


    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    private static final List<String> NONE = List.of();

    @Test
    void shouldSummariseAndAlertWholeCallsOfEveryFamilyWhenProducedWithTheRealSerde() throws Exception {
        ItTopics n = new ItTopics();
        KAFKA.createTopics(2, n.events);
        KAFKA.createTopics(1, n.dlq, n.summaries, n.alerts);
        Map<String, String> config = n.config("families-it-", KAFKA.bootstrapServers(), REGISTRY.url(),
                Files.createTempDirectory(tmp, "families-it-"));
        config.put("session.settle.delay", "30s");
        Map<String, List<CallEvent>> calls = calls(n.id);
        try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.of(config))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
            produce(n.events, calls.values().stream().flatMap(List::stream).toList());

            await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500))
                    .until(() -> output().summaries(n.summaries).size() >= calls.size());
        }

        Map<String, CallSummary> summaries = output().summaries(n.summaries).stream()
                .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value,
                        (a, b) -> { throw new AssertionError("a second summary for " + a.getCallId()); }));
        assertThat(summaries.values()).allSatisfy(s -> {
            assertThat(s.getRevision()).isEqualTo(1);
            assertThat(s.getClosedBy()).isEqualTo(ClosedBy.EVENTS);
            assertThat(s.getCallerId()).isEqualTo("alice");
        });
        assertThat(calls.keySet().stream().map(summaries::get).map(CallSummary::getOutcome)).containsExactly(
                CallOutcome.COMPLETED, CallOutcome.COMPLETED, CallOutcome.COMPLETED, CallOutcome.MISSED,
                CallOutcome.BUSY, CallOutcome.COMPLETED, CallOutcome.COMPLETED, CallOutcome.MISSED);
        assertThat(outcomes(summaries.get(n.id + "-v4-group"))).containsExactly(entry("alice", ParticipantOutcome.ANSWERED),
                entry("bob", ParticipantOutcome.ANSWERED), entry("carol", ParticipantOutcome.MISSED),
                entry("dave", ParticipantOutcome.ANSWERED));
        assertThat(outcomes(summaries.get(n.id + "-v4-missed")))
                .as("the record lists the caller among the callees: still the caller")
                .containsExactly(entry("alice", ParticipantOutcome.MISSED), entry("bob", ParticipantOutcome.MISSED));

        List<MissedCallAlert> alerts = output().alerts(n.alerts).stream().map(ConsumerRecord::value).toList();
        assertThat(alerts).extracting(a -> a.getCallId().substring(n.id.length() + 1) + ":" + a.getCalleeId(),
                MissedCallAlert::getReason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("v4-missed:bob", MissedReason.NO_ANSWER),
                org.assertj.core.groups.Tuple.tuple("v4-busy:bob", MissedReason.BUSY),
                org.assertj.core.groups.Tuple.tuple("v4-group:carol", MissedReason.NO_ANSWER),
                org.assertj.core.groups.Tuple.tuple("mixed-missed:bob", MissedReason.NO_ANSWER));
    }

    /** The calls, in the order their outcomes are asserted; each call's callbacks in the order a backend sends them. */
    private static Map<String, List<CallEvent>> calls(String run) {
        Map<String, List<CallEvent>> calls = new LinkedHashMap<>();
        String v1 = run + "-v1-answered";
        calls.put(v1, List.of(caller(v1, "alice", START_CALL, 0), callee(v1, "bob", RECEIVE_CALL, 1),
                callee(v1, "bob", ACCEPT_CALL, 5), caller(v1, "alice", CALL_ACCEPTED, 5),
                normalEnd(caller(v1, "alice", CALL_END, 65), 0, 5, 65), normalEnd(callee(v1, "bob", CALL_END, 65), 0, 5, 65)));
        String v1Status = run + "-v1-status";
        calls.put(v1Status, List.of(caller(v1Status, "alice", START_CALL, 0), callee(v1Status, "bob", RECEIVE_CALL, 1),
                status(v1Status, "alice", CallRole.CALLER, CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65)));
        String v4 = run + "-v4-answered";
        calls.put(v4, List.of(startCall(v4, "alice", List.of("bob"), 0),
                memberChanged(v4, 5, List.of("alice", "bob"), NONE, change("bob", MemberAction.ANSWER)),
                memberChanged(v4, 65, List.of("bob"), NONE, change("alice", MemberAction.HANG_UP)),
                endCall(v4, "alice", List.of("bob"), CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65)));
        String v4Missed = run + "-v4-missed";
        calls.put(v4Missed, List.of(startCall(v4Missed, "alice", List.of("bob"), 0),
                memberChanged(v4Missed, 30, List.of("alice"), NONE, change("bob", MemberAction.NOT_ANSWER)),
                endCall(v4Missed, "alice", List.of("bob"), CallType.SINGLE, CallResult.NOT_ANSWER, 0, null, 30)));
        String v4Busy = run + "-v4-busy";
        calls.put(v4Busy, List.of(startCall(v4Busy, "alice", List.of("bob"), 0),
                endCall(v4Busy, "alice", List.of("bob"), CallType.SINGLE, CallResult.CALL_BUSY, 0, null, 1)));
        String group = run + "-v4-group";
        calls.put(group, List.of(startCall(group, "alice", List.of("bob", "carol"), 0),
                memberChanged(group, 4, List.of("alice", "bob"), List.of("carol"), change("bob", MemberAction.ANSWER)),
                memberChanged(group, 30, List.of("alice", "bob"), NONE, change("carol", MemberAction.NOT_ANSWER)),
                memberChanged(group, 35, List.of("alice", "bob"), List.of("dave"), change("dave", MemberAction.INVITE)),
                memberChanged(group, 40, List.of("alice", "bob", "dave"), NONE, change("dave", MemberAction.JOIN)),
                memberChanged(group, 50, List.of("alice", "dave"), NONE, change("bob", MemberAction.HANG_UP)),
                memberChanged(group, 60, List.of("alice"), NONE, change("dave", MemberAction.HANG_UP)),
                endCall(group, "alice", List.of("bob", "carol", "dave"), CallType.GROUP, CallResult.NORMAL_END, 0, 4, 60)));
        String mixed = run + "-mixed-answered";
        calls.put(mixed, List.of(caller(mixed, "alice", START_CALL, 0),
                memberChanged(mixed, 5, List.of("alice", "bob"), NONE, change("bob", MemberAction.ANSWER)),
                normalEnd(caller(mixed, "alice", CALL_END, 65), 0, 5, 65),
                endCall(mixed, "alice", List.of("bob"), CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65)));
        String mixedMissed = run + "-mixed-missed";
        calls.put(mixedMissed, List.of(caller(mixedMissed, "alice", START_CALL, 0), startCall(mixedMissed, "alice", List.of("bob"), 0),
                memberChanged(mixedMissed, 30, List.of("alice"), NONE, change("bob", MemberAction.NOT_ANSWER)),
                callee(mixedMissed, "bob", NOT_ANSWER_CALL, 30), caller(mixedMissed, "alice", CALL_MISSED, 30),
                status(mixedMissed, "alice", CallRole.CALLER, CallType.SINGLE, CallResult.NOT_ANSWER, 0, null, 30),
                endCall(mixedMissed, "alice", List.of("bob"), CallType.SINGLE, CallResult.NOT_ANSWER, 0, null, 30)));
        return calls;
    }

    private static Map<String, ParticipantOutcome> outcomes(CallSummary s) {
        Map<String, ParticipantOutcome> out = new LinkedHashMap<>();
        for (Participant p : s.getParticipants()) {
            out.put(p.getUserId(), p.getOutcome());
        }
        return out;
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

    private static OutputTopics output() {
        return new OutputTopics(KAFKA.consumerProps("reader-" + UUID.randomUUID()),
                SchemaRegistryClients.create(Map.of("schema.registry.url", REGISTRY.url())));
    }
}

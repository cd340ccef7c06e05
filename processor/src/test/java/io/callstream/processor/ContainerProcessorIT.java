package io.callstream.processor;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_ACCEPTED;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.CALL_MISSED;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.SDK_APP_ID;
import static io.callstream.processor.CallEvents.at;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.ContainerStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Docker variant of {@link ProcessorIT}: the processor application (Kafka Streams, exactly_once_v2)
 * against Apache Kafka and Apicurio Registry in containers. The events of an answered 1:1 call and
 * of a missed call go in; the exact summaries and the alert are read back by an independent
 * read_committed consumer. Skipped (reported as skipped) where no Docker engine runs;
 * {@link ProcessorIT} covers the same on the in-JVM broker there.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerProcessorIT {

    /** State folders of the processors under test, deleted after each test. */
    @TempDir
    Path tmp;


    @Container
    static final KafkaContainer KAFKA = ContainerStack.kafka();
    @Container
    static final GenericContainer<?> REGISTRY = ContainerStack.apicurio();

    @Test
    void shouldEmitExactSummariesAndAlertWhenAnsweredAndMissedCallsAreProduced() throws Exception {
        ItTopics n = new ItTopics();
        ContainerStack.createTopics(KAFKA, 2, n.events);
        ContainerStack.createTopics(KAFKA, 1, n.dlq, n.summaries, n.alerts);
        Map<String, String> c = n.config("processor-tc-", KAFKA.getBootstrapServers(), ContainerStack.registryUrl(REGISTRY),
                Files.createTempDirectory(tmp, "proc-tc-"));
        ProcessorConfig config = ProcessorConfig.of(c);
        assertThat(ProcessorApp.streamsProperties(config).get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);

        String answered = "tc-answered-" + n.id;
        String missed = "tc-missed-" + n.id;
        List<CallEvent> in = new ArrayList<>();
        in.addAll(List.of(caller(answered, "alice", START_CALL, 0), callee(answered, "bob", RECEIVE_CALL, 1),
                callee(answered, "bob", ACCEPT_CALL, 5), caller(answered, "alice", CALL_ACCEPTED, 5),
                caller(answered, "alice", CALL_END, 65), callee(answered, "bob", CALL_END, 65)));
        in.addAll(List.of(caller(missed, "alice", START_CALL, 0), callee(missed, "bob", RECEIVE_CALL, 1),
                callee(missed, "bob", NOT_ANSWER_CALL, 30), caller(missed, "alice", CALL_MISSED, 30)));

        try (ProcessorApp app = ProcessorApp.start(config)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> app.state() == KafkaStreams.State.RUNNING);
            produce(n.events, in);
            await().atMost(Duration.ofSeconds(90)).until(() -> output().summaries(n.summaries).size() >= 2
                    && !output().alerts(n.alerts).isEmpty());
        }

        CallSummary answeredSummary = summary(answered, CallOutcome.COMPLETED, 65, 5,
                List.of(participant("alice", CallRole.CALLER, ParticipantOutcome.ANSWERED, 0, 65),
                        participant("bob", CallRole.CALLEE, ParticipantOutcome.ANSWERED, 5, 65)), 6);
        CallSummary missedSummary = summary(missed, CallOutcome.MISSED, 30, null,
                List.of(participant("alice", CallRole.CALLER, ParticipantOutcome.MISSED, 0, 30),
                        participant("bob", CallRole.CALLEE, ParticipantOutcome.MISSED, null, 30)), 4);
        MissedCallAlert alert = MissedCallAlert.newBuilder()
                .setAlertId(missed + ":bob")
                .setSdkAppId(SDK_APP_ID)
                .setCallId(missed)
                .setCalleeId("bob")
                .setCallerId("alice")
                .setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO)
                .setReason(MissedReason.NO_ANSWER)
                .setCallStartedAt(Instant.ofEpochMilli(at(0)))
                .setDetectedAt(Instant.ofEpochMilli(at(30)))
                .setRingDurationMs(30_000L)
                .build();
        // the processor is closed: nothing new can come; re-read while commit markers may still be on their way
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            OutputTopics out = output();
            assertThat(out.summaries(n.summaries)).extracting(r -> entry(r.key(), r.value()))
                    .containsExactlyInAnyOrder(entry(answered, answeredSummary), entry(missed, missedSummary));
            assertThat(out.alerts(n.alerts)).extracting(r -> entry(r.key(), r.value()))
                    .containsExactly(entry("bob", alert));
            assertThat(out.raw(n.dlq)).isEmpty();
        });
    }

    private static CallSummary summary(String callId, CallOutcome outcome, int ended, Integer answeredAt,
                                       List<Participant> participants, int eventCount) {
        return CallSummary.newBuilder()
                .setCallId(callId)
                .setSdkAppId(SDK_APP_ID)
                .setRoomId("room-" + callId)
                .setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO)
                .setCallerId("alice")
                .setOutcome(outcome)
                .setParticipants(participants)
                .setStartedAt(Instant.ofEpochMilli(at(0)))
                .setAnsweredAt(answeredAt == null ? null : Instant.ofEpochMilli(at(answeredAt)))
                .setEndedAt(Instant.ofEpochMilli(at(ended)))
                .setRingDurationMs(answeredAt == null ? null : answeredAt * 1000L)
                .setTalkDurationMs(answeredAt == null ? 0 : (ended - answeredAt) * 1000L)
                .setEventCount(eventCount)
                .setDuplicateCount(0)
                .setClosedBy(ClosedBy.EVENTS)
                .setRevision(1)
                .build();
    }

    private static Participant participant(String user, CallRole role, ParticipantOutcome outcome, Integer joined,
                                           Integer left) {
        return Participant.newBuilder().setUserId(user).setRole(role).setOutcome(outcome)
                .setJoinedAt(joined == null ? null : Instant.ofEpochMilli(at(joined)))
                .setLeftAt(left == null ? null : Instant.ofEpochMilli(at(left)))
                .build();
    }

    private static void produce(String topic, List<CallEvent> events) {
        Map<String, Object> serde = Map.of("schema.registry.url", ContainerStack.registryUrl(REGISTRY));
        try (KafkaProducer<String, CallEvent> p = new KafkaProducer<>(ContainerStack.producerProps(KAFKA),
                new StringSerializer(), AvroSerde.of(CallEvent.class, serde).serializer())) {
            for (CallEvent e : events) {
                p.send(new ProducerRecord<>(topic, e.getCallId(), e));
            }
            p.flush();
        }
    }

    private static OutputTopics output() {
        return new OutputTopics(ContainerStack.consumerProps(KAFKA, "reader-" + UUID.randomUUID()),
                SchemaRegistryClients.create(Map.of("schema.registry.url", ContainerStack.registryUrl(REGISTRY))));
    }
}

package io.callstream.bench.jmh;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.schemas.Topics;
import io.callstream.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each public record through its serde (Confluent wire format, warm caches), with the hand-written
 * coders ({@code fastCoders=true}) and with Avro's datum writers and readers ({@code false}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AvroCodersBenchmark {

    @Param({"true", "false"})
    public String fastCoders;

    private AvroSerde<CallEvent> events;
    private AvroSerde<CallSummary> summaries;
    private AvroSerde<MissedCallAlert> alerts;
    private AvroSerde<CallParticipant> participants;
    private CallEvent event;
    private CallSummary summary;
    private MissedCallAlert alert;
    private CallParticipant participant;
    private byte[] eventBytes;
    private byte[] summaryBytes;
    private byte[] alertBytes;
    private byte[] participantBytes;

    @Setup
    public void setUp() {
        Map<String, String> props = Map.of("schema.registry.url", "mock://jmh-coders", "avro.fast.coders", fastCoders);
        events = AvroSerde.of(CallEvent.class, props);
        summaries = AvroSerde.of(CallSummary.class, props);
        alerts = AvroSerde.of(MissedCallAlert.class, props);
        participants = AvroSerde.of(CallParticipant.class, props);

        Instant t = Instant.ofEpochSecond(1_764_000_000L);
        event = io.callstream.bench.ProducerLoop.event("jmh-call-0001");
        summary = CallSummary.newBuilder().setCallId("jmh-call-0001").setSdkAppId(1_400_000_001L).setRoomId("room")
                .setCallType(CallType.SINGLE).setMediaType(MediaType.AUDIO).setCallerId("alice")
                .setOutcome(CallOutcome.COMPLETED)
                .setParticipants(List.of(
                        new Participant("alice", CallRole.CALLER, ParticipantOutcome.ANSWERED, t, t.plusSeconds(5)),
                        new Participant("bob", CallRole.CALLEE, ParticipantOutcome.ANSWERED, t.plusSeconds(2),
                                t.plusSeconds(5))))
                .setStartedAt(t).setAnsweredAt(t.plusSeconds(2)).setEndedAt(t.plusSeconds(5)).setRingDurationMs(2_000L)
                .setTalkDurationMs(3_000L).setEventCount(4).setDuplicateCount(0).setClosedBy(ClosedBy.EVENTS)
                .setRevision(1).build();
        alert = MissedCallAlert.newBuilder().setAlertId("1400000001:jmh-call-0001:bob").setSdkAppId(1_400_000_001L)
                .setCallId("jmh-call-0001").setCalleeId("bob").setCallerId("alice").setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO).setReason(MissedReason.NO_ANSWER).setCallStartedAt(t)
                .setDetectedAt(t.plusSeconds(30)).setRingDurationMs(30_000L).build();
        participant = CallParticipant.newBuilder().setSdkAppId(1_400_000_001L).setCallId("jmh-call-0001")
                .setUserId("bob").setRole(CallRole.CALLEE).setOutcome(ParticipantOutcome.ANSWERED)
                .setJoinedAt(t.plusSeconds(2)).setLeftAt(t.plusSeconds(5)).setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO).setCallOutcome(CallOutcome.COMPLETED).setCallStartedAt(t)
                .setCallAnsweredAt(t.plusSeconds(2)).setCallEndedAt(t.plusSeconds(5)).setRevision(1).build();

        eventBytes = encodeCallEvent();
        summaryBytes = encodeCallSummary();
        alertBytes = encodeMissedCallAlert();
        participantBytes = encodeCallParticipant();
    }

    @Benchmark
    public byte[] encodeCallEvent() {
        return events.serializer().serialize(Topics.CALL_EVENTS, event);
    }

    @Benchmark
    public CallEvent decodeCallEvent() {
        return events.deserializer().deserialize(Topics.CALL_EVENTS, eventBytes);
    }

    @Benchmark
    public byte[] encodeCallSummary() {
        return summaries.serializer().serialize(Topics.CALL_SUMMARIES, summary);
    }

    @Benchmark
    public CallSummary decodeCallSummary() {
        return summaries.deserializer().deserialize(Topics.CALL_SUMMARIES, summaryBytes);
    }

    @Benchmark
    public byte[] encodeMissedCallAlert() {
        return alerts.serializer().serialize(Topics.MISSED_CALL_ALERTS, alert);
    }

    @Benchmark
    public MissedCallAlert decodeMissedCallAlert() {
        return alerts.deserializer().deserialize(Topics.MISSED_CALL_ALERTS, alertBytes);
    }

    @Benchmark
    public byte[] encodeCallParticipant() {
        return participants.serializer().serialize(Topics.CALL_PARTICIPANTS, participant);
    }

    @Benchmark
    public CallParticipant decodeCallParticipant() {
        return participants.deserializer().deserialize(Topics.CALL_PARTICIPANTS, participantBytes);
    }
}

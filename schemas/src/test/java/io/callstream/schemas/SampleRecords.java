package io.callstream.schemas;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.CallUser;
import io.callstream.avro.CallUserStatus;
import io.callstream.avro.CallbackFamily;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.MemberAction;
import io.callstream.avro.MemberChange;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic record of each contract type, for serde and registry tests (shared via the test-jar). */
public final class SampleRecords {

    public static final Instant T0 = Instant.ofEpochSecond(1_704_856_873L);

    private SampleRecords() {
    }

    public static CallEvent callEvent(String callId) {
        return CallEvent.newBuilder()
                .setEventId("e-" + callId)
                .setSdkAppId(1_400_000_001L)
                .setCallId(callId)
                .setRoomId("Alice's Room")
                .setUserId("Alice")
                .setRole(CallRole.CALLER)
                .setEvent(CallEventType.START_CALL)
                .setCommand("caller_start_call")
                .setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO)
                .setTotalNum(2)
                .setCallResult("")
                .setEventTime(T0)
                .setStartCallTime(T0)
                .setAcceptTime(null)
                .setEndTime(null)
                .setPlatform("iOS")
                .setClientIp("127.0.0.1")
                .setReceivedAt(T0.plusMillis(120))
                .setExtra(Map.of("Custom", "\"x\""))
                .build();
    }

    /** A CallEvent with every field of the callback families set (a v4 member change with its call record's fields). */
    public static CallEvent v4CallEvent(String callId) {
        return CallEvent.newBuilder(callEvent(callId))
                .setEventId("e4-" + callId)
                .setUserId("user2")
                .setRole(CallRole.CALLEE)
                .setEvent(CallEventType.ACCEPT_CALL)
                .setCommand("Call.CallbackAfterMemberChanged")
                .setCallResult("NotAnswer")
                .setFamily(CallbackFamily.V4_MEMBER_CHANGED)
                .setResult(CallResult.NOT_ANSWER)
                .setCallerId("10001")
                .setCalleeIds(List.of("10001", "user2"))
                .setUsers(List.of(new CallUser("user1", CallUserStatus.CALLING, "Calling"),
                        new CallUser("user2", CallUserStatus.UNKNOWN, "Ringing")))
                .setChangedUsers(List.of(new MemberChange("user2", MemberAction.ANSWER, "Answer"),
                        new MemberChange("user3", MemberAction.CANCEL_INVITE, "Canncel_Invite")))
                .setRoomIdType(2)
                .setChatGroupId("@TGS#group")
                .build();
    }

    /**
     * The first registered version of {@code CallEvent}, before the callback families (as main's
     * ingest registered it under {@code call-events-value}): the "old" side of the evolution tests.
     */
    public static org.apache.avro.Schema callEventSchemaR1() {
        try (InputStream in = SampleRecords.class.getResourceAsStream("/schema-history/CallEvent-r1.avsc")) {
            return new org.apache.avro.Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record as another producer on an older or newer schema would hold it (via Avro binary and resolution). */
    public static org.apache.avro.generic.GenericRecord asSchema(CallEvent event, org.apache.avro.Schema schema) {
        try {
            var out = new java.io.ByteArrayOutputStream();
            var enc = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
            new org.apache.avro.specific.SpecificDatumWriter<CallEvent>(CallEvent.class).write(event, enc);
            enc.flush();
            return new org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord>(
                    CallEvent.getClassSchema(), schema)
                    .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CallSummary callSummary(String callId) {
        return CallSummary.newBuilder()
                .setCallId(callId)
                .setSdkAppId(1_400_000_001L)
                .setRoomId("room")
                .setCallType(CallType.SINGLE)
                .setMediaType(MediaType.VIDEO)
                .setCallerId("Alice")
                .setOutcome(CallOutcome.COMPLETED)
                .setParticipants(List.of(
                        new Participant("Alice", CallRole.CALLER, ParticipantOutcome.ANSWERED, T0, T0.plusSeconds(12)),
                        new Participant("Bob", CallRole.CALLEE, ParticipantOutcome.ANSWERED, T0.plusSeconds(3), null)))
                .setStartedAt(T0)
                .setAnsweredAt(T0.plusSeconds(3))
                .setEndedAt(T0.plusSeconds(12))
                .setRingDurationMs(3_000L)
                .setTalkDurationMs(9_000L)
                .setEventCount(6)
                .setDuplicateCount(1)
                .setClosedBy(ClosedBy.EVENTS)
                .setRevision(1)
                .build();
    }

    /** The callee row of {@link #callSummary}: Bob, who answered. */
    public static CallParticipant callParticipant(String callId) {
        return CallParticipant.newBuilder()
                .setSdkAppId(1_400_000_001L)
                .setCallId(callId)
                .setUserId("Bob")
                .setRole(CallRole.CALLEE)
                .setOutcome(ParticipantOutcome.ANSWERED)
                .setJoinedAt(T0.plusSeconds(3))
                .setLeftAt(null)
                .setCallType(CallType.SINGLE)
                .setMediaType(MediaType.VIDEO)
                .setCallOutcome(CallOutcome.COMPLETED)
                .setCallStartedAt(T0)
                .setCallAnsweredAt(T0.plusSeconds(3))
                .setCallEndedAt(T0.plusSeconds(12))
                .setRevision(1)
                .build();
    }

    public static MissedCallAlert missedCallAlert(String callId) {
        return MissedCallAlert.newBuilder()
                .setAlertId(callId + ":Bob")
                .setSdkAppId(1_400_000_001L)
                .setCallId(callId)
                .setCalleeId("Bob")
                .setCallerId("Alice")
                .setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO)
                .setReason(MissedReason.NO_ANSWER)
                .setCallStartedAt(T0)
                .setDetectedAt(T0.plusSeconds(30))
                .setRingDurationMs(30_000L)
                .build();
    }

    /** CallEvent's schema plus one optional field: a BACKWARD-compatible next version. */
    public static org.apache.avro.Schema evolvedCallEventSchema() {
        String json = CallEvent.getClassSchema().toString()
                .replace("{\"name\":\"receivedAt\"",
                        "{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"receivedAt\"");
        return new org.apache.avro.Schema.Parser().parse(json);
    }

    /** CallEvent's schema plus one required field: an incompatible change under BACKWARD. */
    public static org.apache.avro.Schema incompatibleCallEventSchema() {
        String json = CallEvent.getClassSchema().toString()
                .replace("{\"name\":\"receivedAt\"", "{\"name\":\"tenantId\",\"type\":\"long\"},{\"name\":\"receivedAt\"");
        return new org.apache.avro.Schema.Parser().parse(json);
    }

    /** The record as a generic record of the evolved schema (via Avro binary, as another producer would). */
    public static org.apache.avro.generic.GenericRecord asEvolved(CallEvent event) {
        return asSchema(event, evolvedCallEventSchema());
    }
}

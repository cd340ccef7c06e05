package io.callstream.callbacks.delivery;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallOutcome;
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
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.schemas.MemberActions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Shared CallEvent and CallSummary fixtures for callbacks tests (app 1400000001): v1 event callbacks of a
 * 1:1 audio call, and the samples of callkit-v4-and-records.md sections 2 and 3 as ingest maps them
 * (docs/ingest.md).
 */
public final class CallEvents {

    public static final long APP = 1400000001L;
    /** The CallId of the v4 samples. */
    public static final String V4_CALL = "055662e1-bc8a-469c-a334-1126c8c17d58";

    static {
        io.callstream.schemas.AvroTrust.install();
    }

    private CallEvents() {
    }

    public static CallEvent event(String callId, String userId, CallRole role, CallEventType type, long eventSeconds) {
        return event(APP, callId, userId, role, type, eventSeconds);
    }

    public static CallEvent event(long app, String callId, String userId, CallRole role, CallEventType type, long eventSeconds) {
        return CallEvent.newBuilder()
                .setEventId(callId + ":" + userId + ":" + type + ":" + eventSeconds)
                .setSdkAppId(app).setCallId(callId).setRoomId("room-" + callId).setUserId(userId)
                .setRole(role).setEvent(type).setCommand(null)
                .setCallType(CallType.SINGLE).setMediaType(MediaType.AUDIO).setTotalNum(2).setCallResult("")
                .setEventTime(Instant.ofEpochSecond(eventSeconds))
                .setPlatform("iOS").setClientIp("127.0.0.1")
                .setReceivedAt(Instant.ofEpochSecond(eventSeconds + 1))
                .setExtra(Map.of())
                .setFamily(CallbackFamily.V1_EVENT)
                .build();
    }

    /** A v4 callback as ingest maps it: no v1 fields of its own, the query's platform and client IP. */
    private static CallEvent.Builder v4(long app, CallbackFamily family, String command, String callId, long eventMillis) {
        return CallEvent.newBuilder()
                .setEventId(callId + ":" + family + ":" + eventMillis)
                .setSdkAppId(app).setCallId(callId).setCommand(command).setFamily(family)
                .setCallType(CallType.UNKNOWN).setMediaType(MediaType.UNKNOWN)
                .setEventTime(Instant.ofEpochMilli(eventMillis))
                .setPlatform("Android").setClientIp("10.0.0.7")
                .setReceivedAt(Instant.ofEpochMilli(eventMillis + 5))
                .setExtra(Map.of());
    }

    /** {@code Call.CallbackAfterStartCall}: {@code users} calling first, the rest waiting. */
    public static CallEvent startCall(long app, String callId, long eventMillis, String caller, String... callees) {
        List<CallUser> users = new java.util.ArrayList<>();
        users.add(new CallUser(caller, CallUserStatus.CALLING, "Calling"));
        for (String callee : callees) {
            users.add(new CallUser(callee, CallUserStatus.WAITING, "Waiting"));
        }
        return v4(app, CallbackFamily.V4_START_CALL, "Call.CallbackAfterStartCall", callId, eventMillis)
                .setMediaType(MediaType.AUDIO).setRoomIdType(1).setUsers(users)
                .setUserId(caller).setRole(CallRole.CALLER).setEvent(CallEventType.START_CALL)
                .setStartCallTime(Instant.ofEpochMilli(eventMillis)).build();
    }

    /** The section 2.1 sample. */
    public static CallEvent startCallSample() {
        return startCall(APP, V4_CALL, 1740464128807L, "alice", "bob");
    }

    /** {@code Call.CallbackAfterMemberChanged} for one member; the others in {@code users} are calling. */
    public static CallEvent memberChanged(long app, String callId, long eventMillis, String user, MemberAction action,
                                          String rawAction, List<String> users) {
        return v4(app, CallbackFamily.V4_MEMBER_CHANGED, "Call.CallbackAfterMemberChanged", callId, eventMillis)
                .setUsers(users.stream().map(u -> new CallUser(u, CallUserStatus.CALLING, "Calling")).toList())
                .setChangedUsers(List.of(new MemberChange(user, action, rawAction)))
                .setUserId(user).setRole(MemberActions.roleOf(action)).setEvent(MemberActions.eventOf(action)).build();
    }

    /** The section 2.3 sample. */
    public static CallEvent memberChangedSample() {
        return memberChanged(APP, V4_CALL, 1740464128807L, "user2", MemberAction.ANSWER, "Answer", List.of("user1", "user2"));
    }

    /** The section 2.2 sample: a missed 1:1 call, the caller in its own callee list. */
    public static CallEvent endCallSample() {
        return v4(APP, CallbackFamily.V4_END_CALL, "Call.CallbackAfterEndCall", V4_CALL, 1703589922780L)
                .setCallerId("10001").setUserId("10001").setRole(CallRole.CALLER).setEvent(CallEventType.CALL_MISSED)
                .setMediaType(MediaType.AUDIO).setCallType(CallType.SINGLE)
                .setStartCallTime(Instant.ofEpochSecond(1741231146)).setEndTime(Instant.ofEpochSecond(1741231296))
                .setCallResult("NotAnswer").setResult(CallResult.NOT_ANSWER).setCalleeIds(List.of("10001", "user2"))
                .setRoomId("roomid-1434").setRoomIdType(2).build();
    }

    /** The section 3 sample: the v1 call status callback of a normally ended 1:1 call. */
    public static CallEvent statusSample() {
        return CallEvent.newBuilder(event("aheahfo-eqwnknoihfsd-qweqf", "Alice", CallRole.CALLER, CallEventType.CALL_END, 1704856885))
                .setFamily(CallbackFamily.V1_STATUS).setCommand("normal_end").setRoomId("Alice's Room")
                .setCallResult("normal_end").setResult(CallResult.NORMAL_END)
                .setStartCallTime(Instant.ofEpochSecond(1704856873)).setAcceptTime(Instant.ofEpochSecond(1704856876))
                .setEndTime(Instant.ofEpochSecond(1704856885)).build();
    }

    /**
     * The revision-{@code revision} summary of a call by {@code caller} to {@code callees}: answered at
     * {@code startSeconds + 5} and ended after a minute when the outcome is COMPLETED, else ended after 30 s.
     */
    public static CallSummary summary(long app, String callId, CallOutcome outcome, int revision, long startSeconds,
                                      String caller, String... callees) {
        boolean answered = outcome == CallOutcome.COMPLETED || outcome == CallOutcome.INTERRUPTED;
        Instant start = Instant.ofEpochSecond(startSeconds);
        Instant answeredAt = answered ? start.plusSeconds(5) : null;
        Instant end = start.plusSeconds(answered ? 65 : 30);
        List<Participant> participants = new java.util.ArrayList<>();
        participants.add(new Participant(caller, CallRole.CALLER, answered ? ParticipantOutcome.ANSWERED : ParticipantOutcome.MISSED,
                start, end));
        for (String callee : callees) {
            participants.add(new Participant(callee, CallRole.CALLEE, answered ? ParticipantOutcome.ANSWERED
                    : ParticipantOutcome.MISSED, answeredAt, answered ? end : null));
        }
        return CallSummary.newBuilder()
                .setCallId(callId).setSdkAppId(app).setRoomId("1234").setCallType(callees.length > 1 ? CallType.GROUP : CallType.SINGLE)
                .setMediaType(MediaType.VIDEO).setCallerId(caller).setOutcome(outcome).setParticipants(participants)
                .setStartedAt(start).setAnsweredAt(answeredAt).setEndedAt(end)
                .setRingDurationMs(answered ? 5000L : null).setTalkDurationMs(answered ? 60_000L : 0L)
                .setEventCount(4).setDuplicateCount(0).setClosedBy(ClosedBy.EVENTS).setRevision(revision).build();
    }
}

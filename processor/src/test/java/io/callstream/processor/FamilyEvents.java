package io.callstream.processor;

import static io.callstream.processor.CallEvents.SDK_APP_ID;
import static io.callstream.processor.CallEvents.at;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.CallUser;
import io.callstream.avro.CallUserStatus;
import io.callstream.avro.CallbackFamily;
import io.callstream.avro.MediaType;
import io.callstream.avro.MemberAction;
import io.callstream.avro.MemberChange;
import io.callstream.schemas.CallResults;
import io.callstream.schemas.MemberActions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Test fixtures: the v4 callbacks and the v1 status callback as ingest maps them into a
 * {@link CallEvent} (docs/ingest.md): the family's own fields, and {@code userId}/{@code role}/
 * {@code event} as the matching v1 callback would say. Times are {@link CallEvents#at} seconds.
 */
public final class FamilyEvents {

    private FamilyEvents() {
    }

    /** {@code Call.CallbackAfterStartCall}: {@code caller} Calling, {@code callees} Waiting. */
    public static CallEvent startCall(String callId, String caller, List<String> callees, int second) {
        List<CallUser> users = new ArrayList<>();
        users.add(new CallUser(caller, CallUserStatus.CALLING, "Calling"));
        callees.forEach(c -> users.add(new CallUser(c, CallUserStatus.WAITING, "Waiting")));
        return base(callId, CallbackFamily.V4_START_CALL, "Call.CallbackAfterStartCall", "start:" + second, second)
                .setUserId(caller).setRole(CallRole.CALLER).setEvent(CallEventType.START_CALL)
                .setStartCallTime(Instant.ofEpochMilli(at(second))).setUsers(users).setRoomIdType(2).build();
    }

    /** One changed user, as a {@code ChangedUserList} entry. */
    public static MemberChange change(String user, MemberAction action) {
        return new MemberChange(user, action, action.name());
    }

    /**
     * {@code Call.CallbackAfterMemberChanged}: {@code changes}, with {@code calling} listed as Calling and
     * {@code waiting} as Waiting in its {@code UserList}.
     */
    public static CallEvent memberChanged(String callId, int second, List<String> calling, List<String> waiting,
                                          MemberChange... changes) {
        List<CallUser> users = new ArrayList<>();
        calling.forEach(u -> users.add(new CallUser(u, CallUserStatus.CALLING, "Calling")));
        waiting.forEach(u -> users.add(new CallUser(u, CallUserStatus.WAITING, "Waiting")));
        MemberChange first = changes[0];
        StringBuilder id = new StringBuilder("member:" + second);
        for (MemberChange c : changes) {
            id.append(':').append(c.getUserId()).append('=').append(c.getAction());
        }
        return base(callId, CallbackFamily.V4_MEMBER_CHANGED, "Call.CallbackAfterMemberChanged", id.toString(), second)
                .setUserId(first.getUserId()).setRole(MemberActions.roleOf(first.getAction())).setEvent(MemberActions.eventOf(first.getAction()))
                .setUsers(users).setChangedUsers(List.of(changes)).setRoomId(null).build();
    }

    /**
     * {@code Call.CallbackAfterEndCall}: the call record. Its {@code CalleeList_Account} lists the caller
     * too, as the docs' samples do; {@code accept} null means AcceptTime 0.
     */
    public static CallEvent endCall(String callId, String caller, List<String> callees, CallType type, CallResult result,
                                    int start, Integer accept, int end) {
        List<String> calleeList = new ArrayList<>();
        calleeList.add(caller);
        calleeList.addAll(callees);
        return base(callId, CallbackFamily.V4_END_CALL, "Call.CallbackAfterEndCall", "end", end)
                .setUserId(caller).setRole(CallRole.CALLER).setEvent(callerEventOf(result)).setCallType(type)
                .setCallerId(caller).setCalleeIds(calleeList).setResult(result).setCallResult(v4Word(result))
                .setStartCallTime(Instant.ofEpochMilli(at(start)))
                .setAcceptTime(accept == null ? null : Instant.ofEpochMilli(at(accept)))
                .setEndTime(Instant.ofEpochMilli(at(end))).setRoomIdType(2).build();
    }

    /**
     * The v1 call status callback of {@code user} ({@code role}): its {@code CallResult}; StartCallTs,
     * AcceptTs and EndTs as given (documented for normal_end only; null leaves one out).
     */
    public static CallEvent status(String callId, String user, CallRole role, CallType type, CallResult result,
                                   Integer start, Integer accept, int second) {
        String word = v1Word(result);
        return base(callId, CallbackFamily.V1_STATUS, word, "status:" + user + ":" + second, second)
                .setUserId(user).setRole(role).setCallType(type).setTotalNum(type == CallType.GROUP ? null : 2)
                .setEvent(role == CallRole.CALLEE ? calleeEventOf(result) : callerEventOf(result))
                .setResult(result).setCallResult(word)
                .setStartCallTime(start == null ? null : Instant.ofEpochMilli(at(start)))
                .setAcceptTime(accept == null ? null : Instant.ofEpochMilli(at(accept)))
                .setEndTime(result == CallResult.NORMAL_END ? Instant.ofEpochMilli(at(second)) : null).build();
    }

    private static CallEvent.Builder base(String callId, CallbackFamily family, String command, String id, int second) {
        return CallEvent.newBuilder()
                .setEventId(callId + ":" + family + ":" + id)
                .setSdkAppId(SDK_APP_ID)
                .setCallId(callId)
                .setRoomId("room-" + callId)
                .setCommand(command)
                .setCallType(CallType.UNKNOWN)
                .setMediaType(MediaType.AUDIO)
                .setEventTime(Instant.ofEpochMilli(at(second)))
                .setReceivedAt(Instant.ofEpochMilli(at(second) + 50))
                .setExtra(Map.of())
                .setFamily(family);
    }



    private static CallEventType callerEventOf(CallResult result) {
        return switch (result) {
            case NORMAL_END -> CallEventType.CALL_END;
            case CANCEL -> CallEventType.CANCEL_CALL;
            case REJECT -> CallEventType.CALL_REJECTED;
            case NOT_ANSWER -> CallEventType.CALL_MISSED;
            case CALL_BUSY -> CallEventType.CALL_BUSY;
            case INTERRUPT, OFFLINE -> CallEventType.CALL_INTERRUPTED;
            case UNKNOWN -> CallEventType.UNKNOWN;
        };
    }

    private static CallEventType calleeEventOf(CallResult result) {
        return switch (result) {
            case CANCEL -> CallEventType.CALL_CANCELED;
            case REJECT -> CallEventType.REJECT_CALL;
            case NOT_ANSWER -> CallEventType.NOT_ANSWER_CALL;
            default -> callerEventOf(result);
        };
    }

    private static String v4Word(CallResult result) {
        return Objects.requireNonNullElse(CallResults.v4(result), "Whatever");
    }

    private static String v1Word(CallResult result) {
        return Objects.requireNonNullElse(CallResults.v1(result), "whatever");
    }
}

package io.callstream.ingest.mapping;

import io.callstream.schemas.MemberActions;
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
import io.callstream.ingest.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three v4 callbacks (callkit-v4-and-records.md section 2). Besides their own fields, each fills
 * {@code userId}/{@code role}/{@code event} as the matching v1 callback would: start call = the
 * {@code Calling} user's {@code START_CALL}; end call = the caller's view of the {@code CallResult}
 * ({@code NotAnswer} → {@code CALL_MISSED}); member changed = the first changed user's action
 * ({@code Answer} → {@code ACCEPT_CALL} by a callee).
 */
final class V4Bodies {

    private V4Bodies() {
    }

    /** Fills the body's fields into {@code b}; returns the {@code EventTime} in millis, or null. */
    static Long map(CallbackFamily family, Fields f, EventDraft b, Map<String, String> extra) {
        b.setCommand(f.optionalText("CallbackCommand")).setCallType(CallType.UNKNOWN).setMediaType(MediaType.UNKNOWN);
        Long eventTime = f.time("EventTime", "milliseconds");
        switch (family) {
            case V4_START_CALL -> startCall(f, b, extra, eventTime);
            case V4_END_CALL -> endCall(f, b, extra);
            default -> memberChanged(f, b);
        }
        return eventTime;
    }

    /** The fields of the call: {@code CallInfo} as in the docs' sample, or flat as in their field table. */
    static Fields callInfo(Fields f) {
        Fields info = f.object("CallInfo");
        return info != null ? info : f;
    }

    private static void startCall(Fields f, EventDraft b, Map<String, String> extra, Long eventTime) {
        Fields call = callInfo(f);
        b.setCallId(call.requiredText("CallId"))
                .setMediaType(V1Bodies.mediaType(call, call.has("CallMediaType") ? "CallMediaType" : "MediaType", extra))
                .setChatGroupId(call.optionalText("ChatGroupId"))
                .setRoomId(call.textOrInteger("RoomId"))
                .setRoomIdType(call.count("RoomIdType", true));
        List<CallUser> users = users(f, true);
        CallUser caller = users.stream().filter(u -> u.getStatus() == CallUserStatus.CALLING).findFirst()
                .orElse(users.get(0));
        b.setUsers(users)
                .setUserId(caller.getUserId())
                .setRole(caller.getStatus() == CallUserStatus.CALLING ? CallRole.CALLER : CallRole.UNKNOWN)
                .setEvent(CallEventType.START_CALL)
                .setStartCallTime(V1Bodies.instant(eventTime));
    }

    private static void endCall(Fields f, EventDraft b, Map<String, String> extra) {
        Fields record = f.requiredObject("CallRecord");
        b.setCallId(record.requiredText("CallId"));
        String caller = record.requiredAccount("Caller_Account");
        String rawResult = record.textOrInteger("CallResult");
        CallResult result = rawResult == null ? null : CallkitWords.result(rawResult);
        b.setCallerId(caller)
                .setUserId(caller)
                .setRole(CallRole.CALLER)
                .setEvent(result == null ? CallEventType.UNKNOWN : CallkitWords.eventOfResult(result, CallRole.CALLER))
                .setMediaType(V1Bodies.mediaType(record, "MediaType", extra))
                .setCallType(V1Bodies.callType(record, "CallType", extra))
                .setStartCallTime(V1Bodies.instant(record.time("StartTime")))
                .setAcceptTime(V1Bodies.instant(record.time("AcceptTime")))
                .setEndTime(V1Bodies.instant(record.time("EndTime")))
                .setCallResult(rawResult)
                .setResult(result)
                .setCalleeIds(record.accounts("CalleeList_Account"))
                .setRoomId(record.textOrInteger("RoomId"))
                .setRoomIdType(record.count("RoomIdType", true));
    }

    private static void memberChanged(Fields f, EventDraft b) {
        b.setCallId(f.requiredText("CallId")).setUsers(users(f, false));
        List<Fields> items = nonEmpty(f, "ChangedUserList", true);
        List<MemberChange> changes = new ArrayList<>(items.size());
        for (Fields item : items) {
            String raw = item.rawText("ActionType");
            changes.add(new MemberChange(item.requiredAccount("User_Account"), CallkitWords.action(raw), raw));
        }
        MemberAction first = changes.get(0).getAction();
        b.setChangedUsers(changes)
                .setUserId(changes.get(0).getUserId())
                .setRole(MemberActions.roleOf(first))
                .setEvent(MemberActions.eventOf(first));
    }

    private static List<CallUser> users(Fields f, boolean required) {
        List<Fields> items = nonEmpty(f, "UserList", required);
        if (items == null) {
            return null;
        }
        List<CallUser> users = new ArrayList<>(items.size());
        for (Fields item : items) {
            String raw = item.rawText("Status");
            users.add(new CallUser(item.requiredAccount("User_Account"), CallkitWords.status(raw), raw));
        }
        return users;
    }

    /** An array of user objects; when required, present and not empty. */
    private static List<Fields> nonEmpty(Fields f, String name, boolean required) {
        List<Fields> items = f.objects(name);
        if (required && items == null) {
            throw f.missing(name);
        }
        if (required && items.isEmpty()) {
            throw new WebhookRejectedException(ErrorCode.INVALID_VALUE, f.path(name) + ": must list at least one user", null);
        }
        return items;
    }
}

package io.callstream.callbacks.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.CallUser;
import io.callstream.avro.CallbackFamily;
import io.callstream.avro.MemberAction;
import io.callstream.avro.MemberChange;
import io.callstream.avro.Participant;
import io.callstream.callbacks.CallbackCommands;
import io.callstream.schemas.CallResults;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What reaches a v4 ({@code /v4/call_config}) subscriber, in the bodies of callkit-v4-and-records.md
 * section 2: an incoming v4 start call or member change is passed on as v4 (raw spellings and extra
 * top-level fields kept); a v1 event callback is translated where it means a start
 * ({@code start_call}) or a change of its own user (answer, reject, no answer, hang-up, join, offline,
 * invite, invitation cancelled); {@code Call.CallbackAfterEndCall} is built from the call's
 * {@link CallSummary} only, so a call has one, whatever its callbacks' generations.
 */
final class V4Callbacks {

    private V4Callbacks() {
    }

    /** The v4 callbacks of an event (at most one); ends of calls give none (the summary's end call stands for them). */
    static List<Outbound> of(CallEvent e) {
        CallbackFamily family = e.getFamily() == null ? CallbackFamily.V1_EVENT : e.getFamily();
        return switch (family) {
            case V4_START_CALL -> List.of(startCall(e, users(e.getUsers())));
            case V4_MEMBER_CHANGED -> List.of(memberChanged(e, users(e.getUsers()), changes(e.getChangedUsers())));
            case V1_EVENT -> fromV1(e);
            case V1_STATUS, V4_END_CALL, UNKNOWN -> List.of();
        };
    }

    private static List<Outbound> fromV1(CallEvent e) {
        if (e.getEvent() == CallEventType.START_CALL && e.getRole() != CallRole.CALLEE) {
            return List.of(startCall(e, user(Outbound.JSON.createArrayNode(), e.getUserId(), "Calling")));
        }
        MemberAction action = Words.actionOfEvent(e.getEvent());
        if (action == null) {
            return List.of();
        }
        ArrayNode users = Outbound.JSON.createArrayNode();
        if (action == MemberAction.ANSWER || action == MemberAction.JOIN) {
            user(users, e.getUserId(), "Calling");
        } else if (action == MemberAction.INVITE) {
            user(users, e.getUserId(), "Waiting");
        }
        ArrayNode changed = Outbound.JSON.createArrayNode();
        changed.addObject().put("User_Account", e.getUserId()).put("ActionType", Words.v4Action(action));
        return List.of(memberChanged(e, users, changed));
    }

    /** The v4 {@code CallResult} a summary's outcome means; empty for an outcome this build does not know. */
    static Optional<String> callResult(CallSummary s) {
        return Optional.ofNullable(CallResults.v4(CallResults.of(s.getOutcome(), s.getAnsweredAt() != null)));
    }

    /** {@code Call.CallbackAfterEndCall} with exactly the fields of section 2.2, from a closed call's summary. */
    static Optional<Outbound> endCall(CallSummary s) {
        return callResult(s).map(result -> {
            ObjectNode b = Outbound.JSON.createObjectNode();
            b.put("CallbackCommand", CallbackCommands.AFTER_END_CALL);
            ObjectNode r = b.putObject("CallRecord");
            Set<String> members = members(s);
            r.put("CallId", s.getCallId());
            r.put("Caller_Account", s.getCallerId() == null ? "" : s.getCallerId());
            r.put("MediaType", Words.v4MediaType(s.getMediaType()));
            r.put("CallType", s.getCallType() == CallType.GROUP
                    || (s.getCallType() == CallType.UNKNOWN && members.size() > 2) ? "MultiCall" : "SingleCall");
            r.put("StartTime", Words.seconds(s.getStartedAt()));
            r.put("EndTime", Words.seconds(s.getEndedAt()));
            r.put("AcceptTime", s.getAnsweredAt() == null ? 0 : Words.seconds(s.getAnsweredAt()));
            r.put("CallResult", result);
            members.forEach(r.putArray("CalleeList_Account")::add);
            r.put("RoomId", s.getRoomId() == null ? "" : s.getRoomId());
            r.put("RoomIdType", Words.roomIdType(s.getRoomId()));
            b.put("EventTime", s.getEndedAt().toEpochMilli());
            return new Outbound(CallbackCommands.AFTER_END_CALL, b.toString());
        });
    }

    /** {@code CalleeList_Account} as Tencent's samples and records fill it: the caller first, then every other participant. */
    private static Set<String> members(CallSummary s) {
        Set<String> members = new LinkedHashSet<>();
        if (s.getCallerId() != null) {
            members.add(s.getCallerId());
        }
        for (Participant p : s.getParticipants()) {
            if (p.getRole() != CallRole.CALLER) {
                members.add(p.getUserId());
            }
        }
        return members;
    }

    private static Outbound startCall(CallEvent e, ArrayNode users) {
        ObjectNode b = Outbound.JSON.createObjectNode();
        b.put("CallbackCommand", CallbackCommands.AFTER_START_CALL);
        ObjectNode info = b.putObject("CallInfo");
        info.put("CallId", e.getCallId());
        info.put("CallMediaType", Words.v4MediaType(e.getMediaType()));
        info.put("ChatGroupId", e.getChatGroupId() == null ? "" : e.getChatGroupId());
        info.put("RoomId", e.getRoomId() == null ? "" : e.getRoomId());
        info.put("RoomIdType", e.getRoomIdType() != null ? e.getRoomIdType() : Words.roomIdType(e.getRoomId()));
        b.set("UserList", users);
        b.put("EventTime", e.getEventTime().toEpochMilli());
        if (e.getFamily() == CallbackFamily.V4_START_CALL) {
            Outbound.restoreExtra(b, e.getExtra());
        }
        return new Outbound(CallbackCommands.AFTER_START_CALL, b.toString());
    }

    private static Outbound memberChanged(CallEvent e, ArrayNode users, ArrayNode changed) {
        ObjectNode b = Outbound.JSON.createObjectNode();
        b.put("CallbackCommand", CallbackCommands.AFTER_MEMBER_CHANGED);
        b.put("CallId", e.getCallId());
        b.set("UserList", users);
        b.set("ChangedUserList", changed);
        b.put("EventTime", e.getEventTime().toEpochMilli());
        if (e.getFamily() == CallbackFamily.V4_MEMBER_CHANGED) {
            Outbound.restoreExtra(b, e.getExtra());
        }
        return new Outbound(CallbackCommands.AFTER_MEMBER_CHANGED, b.toString());
    }

    /** A UserList as received: each account with its Status as sent (the normalised word when none was sent). */
    private static ArrayNode users(List<CallUser> users) {
        ArrayNode out = Outbound.JSON.createArrayNode();
        if (users != null) {
            users.forEach(u -> user(out, u.getUserId(), u.getRawStatus() != null ? u.getRawStatus() : Words.v4Status(u.getStatus())));
        }
        return out;
    }

    private static ArrayNode user(ArrayNode list, String account, String status) {
        list.addObject().put("User_Account", account).put("Status", status);
        return list;
    }

    /** A ChangedUserList as received: each account with its ActionType as sent (the sample's word when none was sent). */
    private static ArrayNode changes(List<MemberChange> changes) {
        ArrayNode out = Outbound.JSON.createArrayNode();
        if (changes != null) {
            for (MemberChange c : changes) {
                String action = c.getRawAction() != null ? c.getRawAction() : Words.v4Action(c.getAction());
                out.addObject().put("User_Account", c.getUserId()).put("ActionType", action == null ? "" : action);
            }
        }
        return out;
    }
}

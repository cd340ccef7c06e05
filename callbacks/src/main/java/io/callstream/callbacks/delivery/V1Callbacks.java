package io.callstream.callbacks.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallbackFamily;
import io.callstream.avro.MemberChange;
import io.callstream.callbacks.CallbackCommands;
import io.callstream.schemas.CallResults;
import io.callstream.schemas.MemberActions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link CallEvent} means for a v1 ({@code /v1/callback}) subscriber: v1 bodies only
 * (callkit-callbacks.md section 1, callkit-v4-and-records.md section 3). A v1 event callback is rebuilt
 * as it came, with every {@code extra} field; a v1 status callback is passed on as a status callback
 * (no {@code Event}, command word = its result); a v4 start call becomes the caller's
 * {@code caller_start_call}, each v4 member change the event callback of that member, and a v4 end
 * call a status callback built from its call record.
 */
final class V1Callbacks {

    private V1Callbacks() {
    }

    static List<Outbound> of(CallEvent e) {
        CallbackFamily family = e.getFamily() == null ? CallbackFamily.V1_EVENT : e.getFamily();
        return switch (family) {
            case V1_EVENT -> CallbackCommands.legacyAction(e)
                    .map(word -> List.of(event(word, e, e.getUserId(), e.getRole(), e.getEvent(), e.getTotalNum(), true)))
                    .orElse(List.of());
            case V1_STATUS -> status(e, e.getUserId(), e.getRole(), e.getTotalNum(), e.getCallResult(), true);
            case V4_START_CALL -> List.of(event(CallbackCommands.legacyAction(CallEventType.START_CALL, CallRole.CALLER).orElseThrow(),
                    e, e.getUserId(), e.getRole(), CallEventType.START_CALL, size(e.getUsers()), false));
            case V4_MEMBER_CHANGED -> memberChanges(e);
            case V4_END_CALL -> status(e, e.getCallerId(), CallRole.CALLER, members(e), null, false);
            case UNKNOWN -> List.of();
        };
    }

    private static List<Outbound> memberChanges(CallEvent e) {
        List<Outbound> out = new ArrayList<>();
        for (MemberChange c : e.getChangedUsers() == null ? List.<MemberChange>of() : e.getChangedUsers()) {
            CallEventType event = MemberActions.eventOf(c.getAction());
            CallRole role = MemberActions.roleOf(c.getAction());
            CallbackCommands.legacyAction(event, role).ifPresent(word ->
                    out.add(event(word, e, c.getUserId(), role, event, size(e.getUsers()), false)));
        }
        return out;
    }

    /** A v1 status callback for the event's result; none when the result is unknown. */
    private static List<Outbound> status(CallEvent e, String userId, CallRole role, Integer totalNum, String rawResult,
                                         boolean relay) {
        if (e.getResult() == null || Words.statusCommand(e.getResult()) == null) {
            return List.of();
        }
        String result = rawResult != null && !rawResult.isEmpty() ? rawResult : CallResults.v1(e.getResult());
        ObjectNode b = common(e, userId, role, totalNum);
        b.put("CallResult", result);
        times(b, e);
        if (relay) {
            Outbound.restoreExtra(b, e.getExtra());
        }
        return List.of(new Outbound(Words.statusCommand(e.getResult()), b.toString()));
    }

    /** A v1 event callback: the documented body (callkit-callbacks.md section 1), then, for a v1 body, its extra fields. */
    private static Outbound event(String word, CallEvent e, String userId, CallRole role, CallEventType event,
                                  Integer totalNum, boolean relay) {
        ObjectNode b = common(e, userId, role, totalNum);
        if (event != CallEventType.UNKNOWN) {
            b.put("Event", event.name().toLowerCase(Locale.ROOT));
        }
        b.put("CallResult", e.getCallResult() == null || !relay ? "" : e.getCallResult());
        times(b, e);
        if (relay) {
            Outbound.restoreExtra(b, e.getExtra());
        }
        return new Outbound(word, b.toString());
    }

    /** UserId, RoomId, TotalNum, MediaType, CallType, CallId, Role: what the event and the status body share. */
    private static ObjectNode common(CallEvent e, String userId, CallRole role, Integer totalNum) {
        ObjectNode b = Outbound.JSON.createObjectNode();
        b.put("UserId", userId == null ? "" : userId);
        if (e.getRoomId() != null) {
            b.put("RoomId", e.getRoomId());
        }
        if (totalNum != null) {
            b.put("TotalNum", totalNum);
        }
        Optional.ofNullable(Words.v1MediaType(e.getMediaType())).ifPresent(m -> b.put("MediaType", m));
        Optional.ofNullable(Words.v1CallType(e.getCallType())).ifPresent(t -> b.put("CallType", t));
        b.put("CallId", e.getCallId());
        if (role != CallRole.UNKNOWN) {
            b.put("Role", role.name().toLowerCase(Locale.ROOT));
        }
        return b;
    }

    /** EventTime, StartCallTs, AcceptTs, EndTs in Unix seconds (the last three when known). */
    private static void times(ObjectNode b, CallEvent e) {
        b.put("EventTime", Words.seconds(e.getEventTime()));
        putSeconds(b, "StartCallTs", e.getStartCallTime());
        putSeconds(b, "AcceptTs", e.getAcceptTime());
        putSeconds(b, "EndTs", e.getEndTime());
    }

    private static void putSeconds(ObjectNode b, String field, Instant t) {
        if (t != null) {
            b.put(field, Words.seconds(t));
        }
    }

    private static Integer size(List<?> list) {
        return list == null ? null : list.size();
    }

    /** The members of a v4 call record: the caller and the callee list (which the docs' samples give with the caller in it). */
    private static Integer members(CallEvent e) {
        Set<String> members = new LinkedHashSet<>();
        if (e.getCallerId() != null) {
            members.add(e.getCallerId());
        }
        if (e.getCalleeIds() != null) {
            members.addAll(e.getCalleeIds());
        }
        return members.isEmpty() ? null : members.size();
    }
}

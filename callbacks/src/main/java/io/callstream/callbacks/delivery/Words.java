package io.callstream.callbacks.delivery;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.CallUserStatus;
import io.callstream.avro.MediaType;
import io.callstream.avro.MemberAction;
import io.callstream.schemas.CallResults;
import java.time.Instant;

/**
 * How callstream's enums are spelled in each callback generation (callkit-v4-and-records.md sections 2
 * and 3), and how a v4 member action and a v1 event translate into each other (the inverse of what
 * ingest maps, docs/ingest.md). Where the docs spell a word two ways, the sample's spelling is used.
 */
final class Words {

    private Words() {
    }

    static String v1MediaType(MediaType m) {
        return m == MediaType.AUDIO ? "audio" : m == MediaType.VIDEO ? "video" : null;
    }

    static String v4MediaType(MediaType m) {
        return m == MediaType.AUDIO ? "Audio" : m == MediaType.VIDEO ? "Video" : "";
    }

    static String v1CallType(CallType t) {
        return t == CallType.SINGLE ? "single" : t == CallType.GROUP ? "group" : null;
    }

    /** The v1 status callback's command word of a result: its spelling, {@code interrupt} for OFFLINE; null for UNKNOWN. */
    static String statusCommand(CallResult r) {
        return r == CallResult.OFFLINE ? "interrupt" : CallResults.v1(r);
    }

    /** The v4 {@code ActionType} as the docs' sample spells it; null for UNKNOWN. */
    static String v4Action(MemberAction a) {
        return switch (a) {
            case ANSWER -> "Answer";
            case REJECT -> "Reject";
            case NOT_ANSWER -> "NotAnswer";
            case HANG_UP -> "Hangup";
            case JOIN -> "Join";
            case OFFLINE -> "Offline";
            case INVITE -> "Invite";
            case CANCEL_INVITE -> "Cancel_Invite";
            case UNKNOWN -> null;
        };
    }

    static String v4Status(CallUserStatus s) {
        return s == CallUserStatus.CALLING ? "Calling" : s == CallUserStatus.WAITING ? "Waiting" : "";
    }



    /** The v4 member action a v1 event about its own user means; null when it is none (a start, a caller's report on a callee). */
    static MemberAction actionOfEvent(CallEventType e) {
        return switch (e) {
            case ACCEPT_CALL -> MemberAction.ANSWER;
            case REJECT_CALL -> MemberAction.REJECT;
            case NOT_ANSWER_CALL, IGNORE_CALL -> MemberAction.NOT_ANSWER;
            case CALL_END -> MemberAction.HANG_UP;
            case JOIN_IN_GROUP_CALL -> MemberAction.JOIN;
            case CALL_INTERRUPTED -> MemberAction.OFFLINE;
            case INVITE_USER -> MemberAction.INVITE;
            case CALL_CANCELED -> MemberAction.CANCEL_INVITE;
            default -> null;
        };
    }

    /**
     * {@code RoomIdType}: 1 for a numeric room id (TRTC's 32-bit unsigned ids) or none (as the docs' start-call
     * sample: {@code "RoomId":"","RoomIdType":1}), 2 for a string room id.
     */
    static int roomIdType(String roomId) {
        if (roomId == null || roomId.isEmpty()) {
            return 1;
        }
        if (roomId.length() > 10 || !roomId.chars().allMatch(Character::isDigit)) {
            return 2;
        }
        return Long.parseLong(roomId) <= 4_294_967_295L ? 1 : 2;
    }

    static long seconds(Instant t) {
        return t.getEpochSecond();
    }
}

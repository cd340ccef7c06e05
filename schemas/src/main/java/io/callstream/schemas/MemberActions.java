package io.callstream.schemas;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.MemberAction;

/**
 * What a v4 member change ({@code Call.CallbackAfterMemberChanged}, {@code ChangedUserList[].ActionType})
 * means in v1 terms: the event the changed user's own callback would name, and the side it shows.
 * Part of the contract: ingest fills {@code CallEvent.event}/{@code role} with it, and callbacks
 * translates member changes for v1 subscribers with it, so both read a change the same way.
 */
public final class MemberActions {

    private MemberActions() {
    }

    /** The v1 event of a member change, as the changed user's own callback would name it. */
    public static CallEventType eventOf(MemberAction action) {
        return switch (action) {
            case ANSWER -> CallEventType.ACCEPT_CALL;
            case REJECT -> CallEventType.REJECT_CALL;
            case NOT_ANSWER -> CallEventType.NOT_ANSWER_CALL;
            case HANG_UP -> CallEventType.CALL_END;
            case JOIN -> CallEventType.JOIN_IN_GROUP_CALL;
            case OFFLINE -> CallEventType.CALL_INTERRUPTED;
            case INVITE -> CallEventType.INVITE_USER;
            case CANCEL_INVITE -> CallEventType.CALL_CANCELED;
            case UNKNOWN -> CallEventType.UNKNOWN;
        };
    }

    /** The changed user's role where the action shows it: only callees answer, reject, join or get invited. */
    public static CallRole roleOf(MemberAction action) {
        return switch (action) {
            case ANSWER, REJECT, NOT_ANSWER, JOIN, INVITE, CANCEL_INVITE -> CallRole.CALLEE;
            case HANG_UP, OFFLINE, UNKNOWN -> CallRole.UNKNOWN;
        };
    }
}

package io.callstream.ingest.mapping;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.CallUserStatus;
import io.callstream.avro.MediaType;
import io.callstream.avro.MemberAction;
import java.util.Map;

/**
 * Every spelling the TUICallKit docs use for a role, call type, media type, user status, member
 * action or call result, normalised to the schema's enums in any letter case and with or without
 * {@code _}, {@code -} or spaces (the docs disagree with themselves: {@code Answer}/{@code Accept},
 * {@code Hangup}/{@code Hang Up}, {@code Cancel_Invite}/{@code Canncel_Invite}, {@code NotAnswer}/
 * {@code not_answer}/{@code Not_answer}, ...). A spelling not listed is {@code UNKNOWN}; callers keep
 * the raw value. Also: which v1 event a result or a member action stands for, the
 * {@code CallEvent.event} of bodies that carry none.
 */
final class CallkitWords {

    private static final Map<String, CallRole> ROLES = Map.of("caller", CallRole.CALLER, "callee", CallRole.CALLEE);
    private static final Map<String, CallType> CALL_TYPES = Map.of("single", CallType.SINGLE, "singlecall",
            CallType.SINGLE, "group", CallType.GROUP, "multicall", CallType.GROUP);
    private static final Map<String, MediaType> MEDIA_TYPES = Map.of("audio", MediaType.AUDIO, "video", MediaType.VIDEO);
    private static final Map<String, CallUserStatus> STATUSES = Map.of("calling", CallUserStatus.CALLING,
            "waiting", CallUserStatus.WAITING);
    private static final Map<String, MemberAction> ACTIONS = Map.ofEntries(
            Map.entry("answer", MemberAction.ANSWER), Map.entry("accept", MemberAction.ANSWER),
            Map.entry("reject", MemberAction.REJECT), Map.entry("notanswer", MemberAction.NOT_ANSWER),
            Map.entry("hangup", MemberAction.HANG_UP), Map.entry("join", MemberAction.JOIN),
            Map.entry("offline", MemberAction.OFFLINE), Map.entry("invite", MemberAction.INVITE),
            Map.entry("invited", MemberAction.INVITE), Map.entry("cancelinvite", MemberAction.CANCEL_INVITE),
            Map.entry("canncelinvite", MemberAction.CANCEL_INVITE));
    /** v4 words, v1 words, and {@code call_end}: the command of the docs' status-callback sample. */
    private static final Map<String, CallResult> RESULTS = Map.of(
            "normalend", CallResult.NORMAL_END, "callend", CallResult.NORMAL_END, "cancel", CallResult.CANCEL,
            "reject", CallResult.REJECT, "notanswer", CallResult.NOT_ANSWER, "callbusy", CallResult.CALL_BUSY,
            "interrupt", CallResult.INTERRUPT, "offline", CallResult.OFFLINE);

    private CallkitWords() {
    }

    static CallRole role(String raw) {
        return ROLES.getOrDefault(EventNames.normalise(raw), CallRole.UNKNOWN);
    }

    static CallType callType(String raw) {
        return CALL_TYPES.getOrDefault(EventNames.normalise(raw), CallType.UNKNOWN);
    }

    static MediaType mediaType(String raw) {
        return MEDIA_TYPES.getOrDefault(EventNames.normalise(raw), MediaType.UNKNOWN);
    }

    static CallUserStatus status(String raw) {
        return raw == null ? CallUserStatus.UNKNOWN : STATUSES.getOrDefault(EventNames.normalise(raw), CallUserStatus.UNKNOWN);
    }

    static MemberAction action(String raw) {
        return raw == null ? MemberAction.UNKNOWN : ACTIONS.getOrDefault(EventNames.normalise(raw), MemberAction.UNKNOWN);
    }

    static CallResult result(String raw) {
        return RESULTS.getOrDefault(EventNames.normalise(raw), CallResult.UNKNOWN);
    }

    /**
     * The v1 event of a call result as the reporting side's callback would name it: the caller's
     * words ({@code call_rejected}, {@code call_missed}, {@code cancel_call}) unless the reporter is
     * a callee ({@code reject_call}, {@code not_answer_call}, {@code call_canceled}).
     */
    static CallEventType eventOfResult(CallResult result, CallRole reporter) {
        boolean callee = reporter == CallRole.CALLEE;
        return switch (result) {
            case NORMAL_END -> CallEventType.CALL_END;
            case CANCEL -> callee ? CallEventType.CALL_CANCELED : CallEventType.CANCEL_CALL;
            case REJECT -> callee ? CallEventType.REJECT_CALL : CallEventType.CALL_REJECTED;
            case NOT_ANSWER -> callee ? CallEventType.NOT_ANSWER_CALL : CallEventType.CALL_MISSED;
            case CALL_BUSY -> CallEventType.CALL_BUSY;
            case INTERRUPT, OFFLINE -> CallEventType.CALL_INTERRUPTED;
            case UNKNOWN -> CallEventType.UNKNOWN;
        };
    }


}

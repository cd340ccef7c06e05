package io.callstream.callbacks;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names a subscriber subscribes to (docs/callbacks.md lists them with what each delivers): v1 action
 * words, i.e. the event-callback words ({@code caller_start_call}, {@code callee_reject_call},
 * {@code normal_end}, {@code call_busy}, {@code invite_user}, ...) and the status-callback words
 * ({@code normal_end}, {@code cancel}, {@code reject}, {@code not_answer}, {@code call_busy},
 * {@code interrupt}), and the three v4 commands {@code Call.CallbackAfter{StartCall,EndCall,MemberChanged}}.
 */
public final class CallbackCommands {

    public static final String AFTER_START_CALL = "Call.CallbackAfterStartCall";
    public static final String AFTER_END_CALL = "Call.CallbackAfterEndCall";
    public static final String AFTER_MEMBER_CHANGED = "Call.CallbackAfterMemberChanged";
    public static final Set<String> V4_COMMANDS = Set.of(AFTER_START_CALL, AFTER_END_CALL, AFTER_MEMBER_CHANGED);
    /** The v1 call status callback's command words (callkit-v4-and-records.md section 3). */
    public static final Set<String> STATUS_WORDS = Set.of("normal_end", "cancel", "reject", "not_answer", "call_busy", "interrupt");

    private static final Map<CallEventType, String> LEGACY = new EnumMap<>(CallEventType.class);
    private static final Set<String> LEGACY_ACTIONS = new LinkedHashSet<>();

    static {
        LEGACY.put(CallEventType.START_CALL, "caller_start_call");
        LEGACY.put(CallEventType.CALL_ACCEPTED, "caller_call_accepted");
        LEGACY.put(CallEventType.CALL_MISSED, "caller_call_missed");
        LEGACY.put(CallEventType.CALL_REJECTED, "caller_call_rejected");
        LEGACY.put(CallEventType.CALL_BUSY, "call_busy");
        LEGACY.put(CallEventType.CANCEL_CALL, "caller_cancel_call");
        LEGACY.put(CallEventType.CALL_FAILED, "caller_call_failed");
        LEGACY.put(CallEventType.CALL_END, "normal_end");
        LEGACY.put(CallEventType.RECEIVE_CALL, "callee_receive_call");
        LEGACY.put(CallEventType.ACCEPT_CALL, "callee_accept_call");
        LEGACY.put(CallEventType.NOT_ANSWER_CALL, "callee_not_answer_call");
        LEGACY.put(CallEventType.REJECT_CALL, "callee_reject_call");
        LEGACY.put(CallEventType.IGNORE_CALL, "callee_ignore_call");
        LEGACY.put(CallEventType.CALL_CANCELED, "callee_call_canceled");
        LEGACY.put(CallEventType.INVITE_USER, "invite_user");
        LEGACY.put(CallEventType.JOIN_IN_GROUP_CALL, "join_in_group_call");
        LEGACY_ACTIONS.addAll(LEGACY.values());
        LEGACY_ACTIONS.add("caller_call_interrupted");
        LEGACY_ACTIONS.add("callee_call_interrupted");
        LEGACY_ACTIONS.addAll(STATUS_WORDS);
    }

    private CallbackCommands() {
    }

    /** Every legacy action word callstream accepts in {@code actions}. */
    public static Set<String> legacyActions() {
        return Set.copyOf(LEGACY_ACTIONS);
    }

    /** The legacy action word of an event: {@code caller_}/{@code callee_} + event, {@code normal_end}, or as is. */
    public static Optional<String> legacyAction(CallEvent e) {
        return legacyAction(e.getEvent(), e.getRole());
    }

    /** The legacy action word of an event reported with a role; {@code call_interrupted} needs the side. */
    public static Optional<String> legacyAction(CallEventType event, CallRole role) {
        if (event == CallEventType.CALL_INTERRUPTED) {
            return role == CallRole.CALLER ? Optional.of("caller_call_interrupted")
                    : role == CallRole.CALLEE ? Optional.of("callee_call_interrupted") : Optional.empty();
        }
        return Optional.ofNullable(LEGACY.get(event));
    }
}

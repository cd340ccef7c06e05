package io.callstream.ingest.mapping;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Event names and command words of callkit-callbacks.md in every casing the docs use:
 * {@code start_call}, {@code START_CALL}, {@code StartCall}, {@code startCall} all mean
 * {@link CallEventType#START_CALL}. Command words: legacy {@code caller_start_call},
 * {@code callee_reject_call}, {@code normal_end}, ... and the newer {@code Call.CallbackAfterStartCall},
 * {@code Call.CallbackAfterEndCall}.
 */
public final class EventNames {

    private static final Map<String, CallEventType> EVENTS = new HashMap<>();
    private static final String NEW_COMMAND_PREFIX = "call.callbackafter";

    static {
        for (CallEventType t : CallEventType.values()) {
            if (t != CallEventType.UNKNOWN) {
                EVENTS.put(normalise(t.name()), t);
            }
        }
        EVENTS.put("callcancelled", CallEventType.CALL_CANCELED);
        EVENTS.put("normalend", CallEventType.CALL_END);
        EVENTS.put("endcall", CallEventType.CALL_END);
    }

    /** Known command words (normalised), for bounded metric tags. */
    private static final Set<String> KNOWN_COMMANDS = Set.of(
            "callercallaccepted", "callercallmissed", "callercallrejected", "callercallbusy", "callercancelcall",
            "callercallfailed", "callercallend", "callercallinterrupted", "callerstartcall", "calleereceivecall",
            "calleeacceptcall", "calleenotanswercall", "calleerejectcall", "calleeignorecall", "calleecallcanceled",
            "calleecallend", "calleecallinterrupted", "callbusy", "normalend", "inviteuser", "joiningroupcall",
            "call.callbackafterstartcall", "call.callbackafterendcall");

    private EventNames() {
    }

    /** Lower case without {@code _}, {@code -} and spaces: the form every casing shares. */
    static String normalise(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_' && c != '-' && c != ' ') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    /** The event type of an {@code Event} value; UNKNOWN for names the spec does not list. */
    public static CallEventType event(String name) {
        return EVENTS.getOrDefault(normalise(name), CallEventType.UNKNOWN);
    }

    /** The event a command word stands for, when it names one ({@code caller_start_call} → START_CALL). */
    public static Optional<CallEventType> eventOfCommand(String command) {
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        String c = normalise(command.trim());
        if (c.startsWith(NEW_COMMAND_PREFIX)) {
            c = c.substring(NEW_COMMAND_PREFIX.length());
        } else if (c.startsWith("caller") || c.startsWith("callee")) {
            c = c.substring("caller".length());
        }
        return Optional.ofNullable(EVENTS.get(c));
    }

    /** The role a legacy command word names ({@code caller_…} / {@code callee_…}). */
    public static Optional<CallRole> roleOfCommand(String command) {
        if (command == null) {
            return Optional.empty();
        }
        String c = normalise(command.trim());
        if (c.startsWith("caller")) {
            return Optional.of(CallRole.CALLER);
        }
        if (c.startsWith("callee")) {
            return Optional.of(CallRole.CALLEE);
        }
        return Optional.empty();
    }

    /** The command as a bounded metric tag: the word itself when known, {@code other}, or {@code none}. */
    public static String commandTag(String command) {
        if (command == null || command.isBlank()) {
            return "none";
        }
        String c = command.trim();
        return KNOWN_COMMANDS.contains(normalise(c)) ? c.toLowerCase(Locale.ROOT) : "other";
    }
}

package io.callstream.ingest.mapping;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallbackFamily;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Event names and command words of callkit-callbacks.md in every casing the docs use:
 * {@code start_call}, {@code START_CALL}, {@code StartCall}, {@code startCall} all mean
 * {@link CallEventType#START_CALL}. Command words: the v1 event callback's {@code caller_start_call},
 * {@code callee_reject_call}, {@code invite_user}, ...; the v1 status callback's {@code normal_end},
 * {@code not_answer}, {@code call_busy}, ...; the v4 {@code Call.CallbackAfterStartCall},
 * {@code Call.CallbackAfterEndCall}, {@code Call.CallbackAfterMemberChanged} (in any letter case).
 */
public final class EventNames {

    /** One remembered normalisation: {@link #normalise} of {@code raw}. Final fields: safe to share racily. */
    private record Normal(String raw, String normal) {
    }

    private static final int NORMAL_SLOTS = 256;
    private static final int MAX_REMEMBERED = 48;
    /**
     * The last words normalised, by hash: a request normalises the same few words (its command, its
     * {@code Event}) several times, and senders repeat them request after request. Bounded (a slot
     * per hash, short words only), so a sender of random words only overwrites slots. Declared
     * before {@code EVENTS}: its initialiser normalises.
     */
    private static final Normal[] NORMALS = new Normal[NORMAL_SLOTS];

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

    /** The v4 command words (normalised) and their callbacks. */
    private static final Map<String, CallbackFamily> V4_COMMANDS = Map.of(
            "call.callbackafterstartcall", CallbackFamily.V4_START_CALL,
            "call.callbackafterendcall", CallbackFamily.V4_END_CALL,
            "call.callbackaftermemberchanged", CallbackFamily.V4_MEMBER_CHANGED);
    /** The v1 status callback's command words (60135), and {@code call_end} of the docs' sample. */
    private static final Set<String> STATUS_COMMANDS = Set.of(
            "cancel", "reject", "notanswer", "normalend", "callbusy", "interrupt", "callend");
    /** Known command words (normalised), for bounded metric tags. */
    private static final Set<String> KNOWN_COMMANDS = known();

    private EventNames() {
    }

    private static Set<String> known() {
        Set<String> known = new java.util.HashSet<>(Set.of(
                "callercallaccepted", "callercallmissed", "callercallrejected", "callercallbusy", "callercancelcall",
                "callercallfailed", "callercallend", "callercallinterrupted", "callerstartcall", "calleereceivecall",
                "calleeacceptcall", "calleenotanswercall", "calleerejectcall", "calleeignorecall", "calleecallcanceled",
                "calleecallend", "calleecallinterrupted", "inviteuser", "joiningroupcall"));
        known.addAll(STATUS_COMMANDS);
        known.addAll(V4_COMMANDS.keySet());
        return Set.copyOf(known);
    }

    /**
     * The callback family a command word names: a v4 command, a status-callback word, or a v1
     * event-callback word ({@code caller_…}, {@code callee_…}, {@code invite_user},
     * {@code join_in_group_call}); empty for none or an unknown word.
     */
    public static Optional<CallbackFamily> familyOfCommand(String command) {
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        String c = normalise(command.trim());
        if (V4_COMMANDS.containsKey(c)) {
            return Optional.of(V4_COMMANDS.get(c));
        }
        if (STATUS_COMMANDS.contains(c)) {
            return Optional.of(CallbackFamily.V1_STATUS);
        }
        return KNOWN_COMMANDS.contains(c) ? Optional.of(CallbackFamily.V1_EVENT) : Optional.empty();
    }

    /** Lower case without {@code _}, {@code -} and spaces: the form every casing shares. */
    static String normalise(String name) {
        if (name.length() > MAX_REMEMBERED) {
            return normaliseNow(name);
        }
        int slot = name.hashCode() & (NORMAL_SLOTS - 1);
        Normal n = NORMALS[slot];
        if (n != null && n.raw().equals(name)) {
            return n.normal();
        }
        String normal = normaliseNow(name);
        NORMALS[slot] = new Normal(name, normal);
        return normal;
    }

    private static String normaliseNow(String name) {
        int first = 0;
        int n = name.length();
        for (; first < n; first++) { // most words are normal already (audio, caller, single): no copy then
            char c = name.charAt(first);
            if (c == '_' || c == '-' || c == ' ' || Character.toLowerCase(c) != c) {
                break;
            }
        }
        if (first == n) {
            return name;
        }
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

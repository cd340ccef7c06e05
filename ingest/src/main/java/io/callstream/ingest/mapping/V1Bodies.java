package io.callstream.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.CallbackFamily;
import io.callstream.avro.MediaType;
import io.callstream.ingest.error.ErrorCode;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * The v1 bodies: the event callback (callkit-callbacks.md section 1) and the call status callback
 * (callkit-v4-and-records.md section 3). They share their fields; the status callback has no
 * {@code Event}: its event is the one its {@code CallResult} (else its command word) stands for on
 * the reporting side ({@code reject} by a callee is {@code REJECT_CALL}, by the caller
 * {@code CALL_REJECTED}).
 */
final class V1Bodies {

    private V1Bodies() {
    }

    /** Fills the body's fields into {@code b}; returns the {@code EventTime} in millis, or null. */
    static Long map(CallbackFamily family, Fields f, String command, EventDraft b, Map<String, String> extra) {
        b.setCallId(f.requiredText("CallId"));
        b.setUserId(f.requiredText("UserId"));
        CallEventType event = family == CallbackFamily.V1_EVENT ? event(f, command, extra) : null;
        Long eventTime = f.time("EventTime");
        CallRole role = role(f, command, extra);
        String callResult = f.optionalText("CallResult");
        CallResult result = callResult == null ? null : CallkitWords.result(callResult);
        if (family == CallbackFamily.V1_STATUS) {
            result = CallkitWords.result(callResult != null ? callResult : command == null ? "" : command);
            event = CallkitWords.eventOfResult(result, role);
        }
        b.setEvent(event)
                .setRole(role)
                .setRoomId(f.textOrInteger("RoomId"))
                .setCallType(callType(f, "CallType", extra))
                .setMediaType(mediaType(f, "MediaType", extra))
                .setTotalNum(f.count("TotalNum", false))
                .setCallResult(callResult)
                .setResult(result)
                .setStartCallTime(instant(f.time("StartCallTs")))
                .setAcceptTime(instant(f.time("AcceptTs")))
                .setEndTime(instant(f.time("EndTs")));
        return eventTime;
    }

    /** The Event field; without one, the event the command word names; UNKNOWN names are kept in extra. */
    private static CallEventType event(Fields f, String command, Map<String, String> extra) {
        JsonNode v = f.peek("Event");
        if (v == null) {
            f.get("Event");
            return EventNames.eventOfCommand(command).orElseThrow(() -> new WebhookRejectedException(
                    ErrorCode.MISSING_FIELD, "Event: missing required field", null));
        }
        CallEventType type = EventNames.event(f.requiredText("Event"));
        if (type == CallEventType.UNKNOWN) {
            f.keep("Event", extra);
        }
        return type;
    }

    private static CallRole role(Fields f, String command, Map<String, String> extra) {
        String raw = f.optionalText("Role");
        return raw == null ? EventNames.roleOfCommand(command).orElse(CallRole.UNKNOWN)
                : known(f, "Role", CallkitWords.role(raw), CallRole.UNKNOWN, extra);
    }

    /** A call type in any documented spelling ({@code single}, {@code SingleCall}, ...); others kept in extra. */
    static CallType callType(Fields f, String name, Map<String, String> extra) {
        return word(f, name, CallkitWords::callType, CallType.UNKNOWN, extra);
    }

    /** A media type ({@code audio}, {@code Video}, ...); others kept in extra. */
    static MediaType mediaType(Fields f, String name, Map<String, String> extra) {
        return word(f, name, CallkitWords::mediaType, MediaType.UNKNOWN, extra);
    }

    /** A string field read as an enum: absent or blank is {@code unknown}, see {@link #known}. */
    private static <T> T word(Fields f, String name, Function<String, T> parse, T unknown, Map<String, String> extra) {
        String raw = f.optionalText(name);
        return raw == null ? unknown : known(f, name, parse.apply(raw), unknown, extra);
    }

    /** The value; when it is {@code unknown} (a spelling the docs do not use), the raw field is kept in extra. */
    private static <T> T known(Fields f, String name, T value, T unknown, Map<String, String> extra) {
        if (value == unknown) {
            f.keep(name, extra);
        }
        return value;
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}

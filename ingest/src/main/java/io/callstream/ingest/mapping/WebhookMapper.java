package io.callstream.ingest.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.ingest.error.ErrorCode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pure mapping of a call-event callback (callkit-callbacks.md section 1) to a {@link CallEvent}
 * (CONTRACT section 3): validates the body, converts Unix seconds to millis, keeps every field the
 * schema does not know in {@code extra} as JSON text, and derives the deterministic {@code eventId}.
 * Throws {@link WebhookRejectedException} with the field and the problem for bad input. Thread-safe.
 */
public final class WebhookMapper {

    /** Above this an integer time is taken as Unix millis already (year 5138 in seconds). */
    static final long MILLIS_THRESHOLD = 100_000_000_000L;
    /** {@code extra} key set when the body had no EventTime and {@code receivedAt} stood in. */
    public static final String EVENT_TIME_FALLBACK = "callstream.eventTimeFallback";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> KNOWN = Set.of("UserId", "RoomId", "TotalNum", "MediaType", "CallType",
            "CallId", "Role", "Event", "CallResult", "EventTime", "StartCallTs", "AcceptTs", "EndTs");

    /** The default bound on how far ahead of this receiver's clock an {@code EventTime} may lie. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(15);

    private final Clock clock;
    private final long maxFutureSkewMs;

    public WebhookMapper(Clock clock) {
        this(clock, DEFAULT_MAX_FUTURE_SKEW);
    }

    /**
     * @param maxFutureSkew an {@code EventTime} further than this ahead of {@code clock} is refused:
     *                      brokers refuse record timestamps too far ahead
     *                      ({@code log.message.timestamp.after.max.ms}, 1 h by default), and the
     *                      event time becomes the timestamp of every record the processor writes for it
     */
    public WebhookMapper(Clock clock, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
    }

    /** Parses the body; the CallId of a body that parsed but failed validation is on the exception. */
    public CallEvent map(Webhook webhook) {
        JsonNode body = parse(webhook.body());
        String callId = body.path("CallId").isTextual() ? body.path("CallId").asText() : null;
        try {
            return toEvent(webhook, body);
        } catch (WebhookRejectedException e) {
            throw e.callId() == null && callId != null && !callId.isEmpty()
                    ? new WebhookRejectedException(e.error(), e.getMessage(), callId) : e;
        }
    }

    private CallEvent toEvent(Webhook webhook, JsonNode body) {
        Instant receivedAt = clock.instant();
        Map<String, String> extra = new HashMap<>();
        String callId = requiredText(body, "CallId");
        String userId = requiredText(body, "UserId");
        CallEventType event = event(body, webhook.command(), extra);
        Long eventTime = time(body, "EventTime");
        if (eventTime == null) {
            extra.put(EVENT_TIME_FALLBACK, "receivedAt");
        } else if (eventTime > receivedAt.toEpochMilli() + maxFutureSkewMs) {
            throw new WebhookRejectedException(ErrorCode.INVALID_VALUE, "EventTime: " + Instant.ofEpochMilli(eventTime)
                    + " is more than " + Duration.ofMillis(maxFutureSkewMs).toMinutes() + " min ahead of this receiver's"
                    + " clock (" + receivedAt + "); check the sender's clock (limit: ingest.max.future.skew)", null);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!KNOWN.contains(f.getKey())) {
                extra.put(f.getKey(), EventIds.jsonText(f.getValue()));
            }
        }
        return CallEvent.newBuilder()
                .setEventId(EventIds.of(webhook, body))
                .setSdkAppId(webhook.sdkAppId())
                .setCallId(callId)
                .setRoomId(roomId(body))
                .setUserId(userId)
                .setRole(role(body, webhook.command(), extra))
                .setEvent(event)
                .setCommand(blankToNull(webhook.command()))
                .setCallType(callType(body, extra))
                .setMediaType(mediaType(body, extra))
                .setTotalNum(totalNum(body))
                .setCallResult(optionalText(body, "CallResult"))
                .setEventTime(eventTime == null ? receivedAt : Instant.ofEpochMilli(eventTime))
                .setStartCallTime(instant(time(body, "StartCallTs")))
                .setAcceptTime(instant(time(body, "AcceptTs")))
                .setEndTime(instant(time(body, "EndTs")))
                .setPlatform(blankToNull(webhook.platform()))
                .setClientIp(blankToNull(webhook.clientIp()))
                .setReceivedAt(receivedAt)
                .setExtra(extra)
                .build();
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0 || isBlank(body)) {
            throw new WebhookRejectedException(ErrorCode.EMPTY_BODY, "body: empty; a JSON object is required", null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new WebhookRejectedException(ErrorCode.MALFORMED_JSON,
                    "body: malformed JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new WebhookRejectedException(ErrorCode.MALFORMED_JSON, "body: unreadable: " + e.getMessage(), null);
        }
        if (node == null || !node.isObject()) {
            throw new WebhookRejectedException(ErrorCode.MALFORMED_JSON,
                    "body: must be a JSON object, got " + (node == null ? "nothing" : kind(node)), null);
        }
        return node;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new WebhookRejectedException(ErrorCode.MISSING_FIELD, field + ": missing required field", null);
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        if (v.asText().isBlank()) {
            throw new WebhookRejectedException(ErrorCode.INVALID_VALUE, field + ": must not be empty", null);
        }
        return v.asText();
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, "a string", v);
        }
        return blankToNull(v.asText());
    }

    /** The Event field; without one, the event the command word names; UNKNOWN names are kept in extra. */
    private static CallEventType event(JsonNode body, String command, Map<String, String> extra) {
        JsonNode v = body.get("Event");
        if (v == null || v.isNull()) {
            return EventNames.eventOfCommand(command).orElseThrow(() -> new WebhookRejectedException(
                    ErrorCode.MISSING_FIELD, "Event: missing required field", null));
        }
        String name = requiredText(body, "Event");
        CallEventType type = EventNames.event(name);
        if (type == CallEventType.UNKNOWN) {
            extra.put("Event", EventIds.jsonText(v));
        }
        return type;
    }

    private static CallRole role(JsonNode body, String command, Map<String, String> extra) {
        String raw = optionalText(body, "Role");
        if (raw == null) {
            return EventNames.roleOfCommand(command).orElse(CallRole.UNKNOWN);
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "caller" -> CallRole.CALLER;
            case "callee" -> CallRole.CALLEE;
            default -> keep(extra, body, "Role", CallRole.UNKNOWN);
        };
    }

    private static CallType callType(JsonNode body, Map<String, String> extra) {
        String raw = optionalText(body, "CallType");
        if (raw == null) {
            return CallType.UNKNOWN;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "single" -> CallType.SINGLE;
            case "group" -> CallType.GROUP;
            default -> keep(extra, body, "CallType", CallType.UNKNOWN);
        };
    }

    private static MediaType mediaType(JsonNode body, Map<String, String> extra) {
        String raw = optionalText(body, "MediaType");
        if (raw == null) {
            return MediaType.UNKNOWN;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "audio" -> MediaType.AUDIO;
            case "video" -> MediaType.VIDEO;
            default -> keep(extra, body, "MediaType", MediaType.UNKNOWN);
        };
    }

    private static <T> T keep(Map<String, String> extra, JsonNode body, String field, T unknown) {
        extra.put(field, EventIds.jsonText(body.get(field)));
        return unknown;
    }

    /** RoomId: a string, or an integer room id (TRTC has both), as text. */
    private static String roomId(JsonNode body) {
        JsonNode v = body.get("RoomId");
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual() || v.isIntegralNumber()) {
            return blankToNull(v.asText());
        }
        throw wrongType("RoomId", "a string or an integer", v);
    }

    private static Integer totalNum(JsonNode body) {
        JsonNode v = body.get("TotalNum");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType("TotalNum", "an integer", v);
        }
        if (v.asInt() < 0) {
            throw new WebhookRejectedException(ErrorCode.INVALID_VALUE, "TotalNum: must not be negative, got "
                    + v.asInt(), null);
        }
        return v.asInt();
    }

    /**
     * A Unix time in millis from a field documented as Unix seconds; null when absent or 0 (unset).
     * Values already in millis (≥ 10^11) are taken as millis.
     */
    private static Long time(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(field, "an integer (Unix seconds)", v);
        }
        long t = v.asLong();
        if (t < 0) {
            throw new WebhookRejectedException(ErrorCode.INVALID_VALUE,
                    field + ": must be a Unix time in seconds, got " + t, null);
        }
        if (t == 0) {
            return null;
        }
        return t >= MILLIS_THRESHOLD ? t : t * 1000L;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static WebhookRejectedException wrongType(String field, String expected, JsonNode v) {
        return new WebhookRejectedException(ErrorCode.WRONG_TYPE,
                field + ": must be " + expected + ", got " + kind(v), null);
    }

    private static String kind(JsonNode v) {
        JsonNodeType t = v.getNodeType();
        return switch (t) {
            case STRING -> "a string";
            case NUMBER -> !v.isIntegralNumber() ? "a decimal number"
                    : v.canConvertToLong() ? "an integer" : "an integer out of range";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

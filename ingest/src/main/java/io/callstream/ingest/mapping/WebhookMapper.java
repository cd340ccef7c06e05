package io.callstream.ingest.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.callstream.avro.CallEvent;
import io.callstream.avro.CallbackFamily;
import io.callstream.ingest.error.ErrorCode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pure mapping of a TUICallKit callback to one {@link CallEvent} (CONTRACT section 3): the v1 event
 * callback (callkit-callbacks.md section 1), the v1 call status callback and the three v4 callbacks
 * (callkit-v4-and-records.md sections 2 and 3), told apart by {@link Families}. Validates the body,
 * converts Unix seconds to millis, keeps every field the schema does not know in {@code extra} as
 * JSON text, and derives the deterministic {@code eventId}. Throws {@link WebhookRejectedException}
 * with the field and the problem for bad input. Thread-safe.
 */
public final class WebhookMapper {

    /** Above this an integer time is taken as Unix millis already (year 5138 in seconds). */
    static final long MILLIS_THRESHOLD = 100_000_000_000L;
    /** {@code extra} key set when the body had no EventTime and {@code receivedAt} stood in. */
    public static final String EVENT_TIME_FALLBACK = "callstream.eventTimeFallback";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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

    /**
     * Parses the body; the CallId and the family of a body that parsed but failed validation are on
     * the exception (for a body that did not parse, the family its command word names).
     */
    public CallEvent map(Webhook webhook) {
        JsonNode body;
        try {
            body = parse(webhook.body());
        } catch (WebhookRejectedException e) {
            throw new WebhookRejectedException(e.error(), e.getMessage(), null,
                    EventNames.familyOfCommand(webhook.command()).orElse(null));
        }
        Fields fields = Fields.of(body);
        CallbackFamily family = Families.of(fields, webhook.command());
        try {
            return toEvent(webhook, body, fields, family);
        } catch (WebhookRejectedException e) {
            String callId = callIdOf(family, Fields.of(body));
            throw new WebhookRejectedException(e.error(), e.getMessage(), e.callId() != null ? e.callId() : callId, family);
        }
    }

    private CallEvent toEvent(Webhook webhook, JsonNode body, Fields fields, CallbackFamily family) {
        Instant receivedAt = clock.instant();
        Map<String, String> extra = new HashMap<>();
        EventDraft b = new EventDraft().setFamily(family);
        Long eventTime = Families.isV4(family) ? V4Bodies.map(family, fields, b, extra)
                : V1Bodies.map(family, fields, webhook.command(), b, extra);
        if (eventTime == null) {
            extra.put(EVENT_TIME_FALLBACK, "receivedAt");
        } else if (eventTime > receivedAt.toEpochMilli() + maxFutureSkewMs) {
            throw new WebhookRejectedException(ErrorCode.INVALID_VALUE, "EventTime: " + Instant.ofEpochMilli(eventTime)
                    + " is more than " + Duration.ofMillis(maxFutureSkewMs).toMinutes() + " min ahead of this receiver's"
                    + " clock (" + receivedAt + "); check the sender's clock (limit: ingest.max.future.skew)", null);
        }
        fields.unread(extra);
        b.setCommand(command(webhook.command(), b.getCommand(), extra));
        return b.setEventId(EventIds.of(webhook, body))
                .setSdkAppId(webhook.sdkAppId())
                .setEventTime(eventTime == null ? receivedAt : Instant.ofEpochMilli(eventTime))
                .setPlatform(Fields.blankToNull(webhook.platform()))
                .setClientIp(Fields.blankToNull(webhook.clientIp()))
                .setReceivedAt(receivedAt)
                .setExtra(extra)
                .build();
    }

    /** The query's command word; without one the body's {@code CallbackCommand}, kept in extra when they differ. */
    private static String command(String query, String body, Map<String, String> extra) {
        String q = Fields.blankToNull(query);
        if (q == null) {
            return body;
        }
        if (body != null && !body.equalsIgnoreCase(q.trim())) {
            extra.put("CallbackCommand", EventIds.jsonText(TextNode.valueOf(body)));
        }
        return q;
    }

    /** The CallId where the family keeps it, when it is a non-empty string (the dead letter's key). */
    private static String callIdOf(CallbackFamily family, Fields body) {
        Fields holder = switch (family) {
            case V4_START_CALL -> Optional.ofNullable(body.peek("CallInfo")).filter(JsonNode::isObject)
                    .map(Fields::of).orElse(body);
            case V4_END_CALL -> Optional.ofNullable(body.peek("CallRecord")).filter(JsonNode::isObject)
                    .map(Fields::of).orElse(null);
            default -> body;
        };
        JsonNode v = holder == null ? null : holder.peek("CallId");
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0 || isBlank(body)) {
            throw new WebhookRejectedException(ErrorCode.EMPTY_BODY, "body: empty; a JSON object is required", null);
        }
        requireUtf8(body);
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
                    "body: must be a JSON object, got " + (node == null ? "nothing" : Fields.kind(node)), null);
        }
        return node;
    }

    /**
     * Strict UTF-8 (RFC 3629), checked before parsing: Jackson decodes overlong forms and code points
     * past U+10FFFF without complaint, so a body the docs refuse (40001, invalid UTF-8) got through.
     */
    private static void requireUtf8(byte[] body) {
        int bad = Utf8.firstInvalid(body);
        if (bad >= 0) {
            throw new WebhookRejectedException(ErrorCode.MALFORMED_JSON, "body: invalid UTF-8 at byte " + bad, null);
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}

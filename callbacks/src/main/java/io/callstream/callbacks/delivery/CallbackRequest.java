package io.callstream.callbacks.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One outbound callback: {@code POST <address>?sdkappid=&command=&contenttype=json&clientip=&optplatform=}
 * with the documented JSON body (callkit-callbacks.md section 1) rebuilt from a {@link CallEvent},
 * including every {@code extra} field the sender sent.
 */
public record CallbackRequest(long sdkAppId, String callId, String eventId, String address, String command,
                              URI uri, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The callback of {@code event} for a subscription at {@code address} that matched {@code command}. */
    public static CallbackRequest of(CallEvent event, String address, String command) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("sdkappid", Long.toString(event.getSdkAppId()));
        query.put("command", command);
        query.put("contenttype", "json");
        if (event.getClientIp() != null) {
            query.put("clientip", event.getClientIp());
        }
        if (event.getPlatform() != null) {
            query.put("optplatform", event.getPlatform());
        }
        StringBuilder url = new StringBuilder(address);
        url.append(address.contains("?") ? (address.endsWith("?") || address.endsWith("&") ? "" : "&") : "?");
        query.forEach((k, v) -> url.append(url.charAt(url.length() - 1) == '?' || url.charAt(url.length() - 1) == '&' ? "" : "&")
                .append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return new CallbackRequest(event.getSdkAppId(), event.getCallId(), event.getEventId(), address, command,
                URI.create(url.toString()), body(event));
    }

    /** The documented body: known fields from the record, then the {@code extra} fields (JSON values restored). */
    static String body(CallEvent e) {
        ObjectNode b = JSON.createObjectNode();
        b.put("UserId", e.getUserId());
        if (e.getRoomId() != null) {
            b.put("RoomId", e.getRoomId());
        }
        if (e.getTotalNum() != null) {
            b.put("TotalNum", e.getTotalNum());
        }
        if (e.getMediaType() != MediaType.UNKNOWN) {
            b.put("MediaType", lower(e.getMediaType().name()));
        }
        if (e.getCallType() != CallType.UNKNOWN) {
            b.put("CallType", lower(e.getCallType().name()));
        }
        b.put("CallId", e.getCallId());
        if (e.getRole() != CallRole.UNKNOWN) {
            b.put("Role", lower(e.getRole().name()));
        }
        if (e.getEvent() != CallEventType.UNKNOWN) {
            b.put("Event", lower(e.getEvent().name()));
        }
        b.put("CallResult", e.getCallResult() == null ? "" : e.getCallResult());
        b.put("EventTime", seconds(e.getEventTime()));
        putSeconds(b, "StartCallTs", e.getStartCallTime());
        putSeconds(b, "AcceptTs", e.getAcceptTime());
        putSeconds(b, "EndTs", e.getEndTime());
        if (e.getExtra() != null) {
            e.getExtra().forEach((k, v) -> {
                if (!b.has(k)) {
                    b.set(k, restore(v));
                }
            });
        }
        return b.toString();
    }

    private static JsonNode restore(String v) {
        try {
            return v == null ? JSON.nullNode() : JSON.readTree(v);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(v);
        }
    }

    private static void putSeconds(ObjectNode b, String field, Instant t) {
        if (t != null) {
            b.put(field, seconds(t));
        }
    }

    private static long seconds(Instant t) {
        return t.getEpochSecond();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

package io.callstream.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The deterministic {@code eventId} of a callback (CONTRACT section 3). */
final class EventIds {

    private EventIds() {
    }

    /**
     * SHA-256 (hex) over sdkappid, CallId, UserId, Event, EventTime and the canonical body (keys
     * sorted, no whitespace), so a re-delivery of the same callback gets the same id whatever its
     * key order or formatting.
     */
    static String of(Webhook webhook, JsonNode body) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(webhook.sdkAppId()).append('\n')
                .append(body.path("CallId").asText()).append('\n')
                .append(body.path("UserId").asText()).append('\n')
                .append(body.path("Event").asText()).append('\n')
                .append(body.path("EventTime").asText()).append('\n');
        canonical(body, sb);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Writes JSON with object keys sorted and no whitespace. */
    static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                out.append(i == 0 ? "" : ",").append(TextNode.valueOf(names.get(i))).append(':');
                canonical(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                canonical(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node);
        }
    }

}

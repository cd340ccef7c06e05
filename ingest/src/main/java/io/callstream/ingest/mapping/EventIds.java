package io.callstream.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
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
        StringBuilder sb = new StringBuilder(512);
        sb.append(webhook.sdkAppId()).append('\n')
                .append(body.path("CallId").asText()).append('\n')
                .append(body.path("UserId").asText()).append('\n')
                .append(body.path("Event").asText()).append('\n')
                .append(body.path("EventTime").asText()).append('\n');
        canonical(body, sb);
        MessageDigest sha = SHA_256.get();
        sha.reset();
        return HexFormat.of().formatHex(sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    /**
     * Writes JSON with object keys sorted and no whitespace. Strings are escaped here rather than
     * through Jackson's writer: creating a generator per value was a third of ingest's CPU time.
     */
    static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quote(names.get(i), out);
                out.append(':');
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
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else if (node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else {
            out.append(node.asText());
        }
    }

    /** The JSON text of a value (objects with sorted keys), as kept in {@code extra}. */
    static String jsonText(JsonNode node) {
        StringBuilder sb = new StringBuilder(32);
        canonical(node, sb);
        return sb.toString();
    }

    /** A JSON string literal (RFC 8259 escaping). */
    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

}

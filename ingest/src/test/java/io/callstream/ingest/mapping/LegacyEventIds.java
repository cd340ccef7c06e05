package io.callstream.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The eventId implementation as of 7927533 (before the byte writer), kept verbatim as the reference
 * the new {@link EventIds} must match byte for byte: stored ids and dedup across an upgrade depend on it.
 */
final class LegacyEventIds {

    private LegacyEventIds() {
    }

    /**
     * SHA-256 (hex) over sdkappid, CallId, UserId, Event, EventTime and the canonical body (keys
     * sorted, no whitespace), so a re-delivery of the same callback gets the same id whatever its
     * key order or formatting.
     */
    static String of(Webhook webhook, JsonNode body) {
        Scratch scratch = SCRATCH.get();
        StringBuilder sb = scratch.text;
        sb.setLength(0);
        sb.append(webhook.sdkAppId()).append('\n')
                .append(body.path("CallId").asText()).append('\n')
                .append(body.path("UserId").asText()).append('\n')
                .append(body.path("Event").asText()).append('\n')
                .append(body.path("EventTime").asText()).append('\n');
        canonical(body, sb);
        MessageDigest sha = scratch.sha;
        sha.reset();
        scratch.digestUtf8(sb);
        if (sb.length() > 16 * 1024) {
            sb.setLength(0);
            sb.trimToSize(); // do not keep an outsized body's buffer per thread
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Per-thread buffers of {@link #of}: the canonical text is built in a reused builder and fed to
     * the digest as UTF-8 through a small reused byte array, instead of a new builder, its String
     * and that String's bytes per request (a profile finding: these copies were the mapper's top
     * allocations). The bytes are exactly those of {@code String.getBytes(UTF_8)} (a lone surrogate
     * becomes {@code ?}), so eventIds do not change.
     */
    private static final class Scratch {
        final StringBuilder text = new StringBuilder(1024);
        final byte[] chunk = new byte[1024];
        final MessageDigest sha;

        Scratch() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        void digestUtf8(CharSequence s) {
            byte[] out = chunk;
            int n = 0;
            int len = s.length();
            for (int i = 0; i < len; i++) {
                if (n > out.length - 4) {
                    sha.update(out, 0, n);
                    n = 0;
                }
                char c = s.charAt(i);
                if (c < 0x80) {
                    out[n++] = (byte) c;
                } else if (c < 0x800) {
                    out[n++] = (byte) (0xC0 | (c >> 6));
                    out[n++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                        int cp = Character.toCodePoint(c, s.charAt(++i));
                        out[n++] = (byte) (0xF0 | (cp >> 18));
                        out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        out[n++] = (byte) (0x80 | (cp & 0x3F));
                    } else {
                        out[n++] = '?';
                    }
                } else {
                    out[n++] = (byte) (0xE0 | (c >> 12));
                    out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    out[n++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            sha.update(out, 0, n);
        }
    }

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

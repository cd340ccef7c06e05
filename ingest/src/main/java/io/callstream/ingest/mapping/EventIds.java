package io.callstream.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

/**
 * The deterministic {@code eventId} of a callback (CONTRACT section 3).
 *
 * <p>The id is SHA-256 (hex) over the UTF-8 bytes of this text: sdkappid, CallId, UserId, Event,
 * EventTime (each as sent, {@code asText()} of the top-level field, empty when absent), one per line,
 * then the canonical body: JSON with every object's keys sorted ({@link String#compareTo}) and no
 * whitespace, strings escaped as {@link #quote} does, numbers as the parsed node prints them. A lone
 * surrogate (from a {@code \\ud800} escape) is encoded as {@code ?}, as {@code String.getBytes(UTF_8)}
 * does. This definition must not change: stored ids and the processor's duplicate detection across an
 * upgrade depend on it ({@code EventIdsTest} holds it against the implementation it replaced).
 *
 * <p>The text is never built: it is written as UTF-8 straight into a reused per-thread byte buffer
 * that is fed to the digest whenever it fills (a profile finding: re-serializing into a builder, then
 * encoding it, was most of the mapper's time). Object keys are sorted by an insertion sort over a
 * reused array of the object's entries instead of a new list per object.
 */
final class EventIds {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Comparator<Map.Entry<String, JsonNode>> BY_KEY = Map.Entry.comparingByKey();
    private static final ThreadLocal<Writer> WRITER = ThreadLocal.withInitial(Writer::new);

    private EventIds() {
    }

    /**
     * SHA-256 (hex) over sdkappid, CallId, UserId, Event, EventTime and the canonical body (keys
     * sorted, no whitespace), so a re-delivery of the same callback gets the same id whatever its
     * key order or formatting.
     */
    static String of(Webhook webhook, JsonNode body) {
        Writer w = WRITER.get();
        w.start();
        w.digits(webhook.sdkAppId());
        w.raw('\n');
        w.asText(body.get("CallId"));
        w.raw('\n');
        w.asText(body.get("UserId"));
        w.raw('\n');
        w.asText(body.get("Event"));
        w.raw('\n');
        w.asText(body.get("EventTime"));
        w.raw('\n');
        w.canonical(body);
        return w.finish();
    }

    /** Writes the id text as UTF-8 into a fixed buffer, handing it to SHA-256 each time it fills. */
    private static final class Writer {
        /** Flush when fewer bytes than this are left: the most one char (6, {@code \\u001f}) or a digit run (20) takes. */
        private static final int RESERVE = 24;
        private final byte[] buf = new byte[4096];
        private final byte[] digest = new byte[32];
        private final MessageDigest sha;
        private int pos;
        /** The entries of the objects being written, a stack: one slice per nesting level. */
        @SuppressWarnings("unchecked")
        private Map.Entry<String, JsonNode>[] entries = new Map.Entry[64];
        private int top;
        private static final int KEY_SLOTS = 256;
        private static final int MAX_CACHED_KEY = 64;
        private final String[] keyNames = new String[KEY_SLOTS];
        private final byte[][] keyCache = new byte[KEY_SLOTS][];
        private static final int SHAPE_SLOTS = 64;
        private static final int MAX_SHAPE_KEYS = 32;
        private final String[][] shapeKeys = new String[SHAPE_SLOTS][];
        private final int[][] shapeOrders = new int[SHAPE_SLOTS][];

        Writer() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        void start() {
            sha.reset();
            pos = 0;
            top = 0;
        }

        String finish() {
            sha.update(buf, 0, pos);
            pos = 0;
            if (entries.length > 1024) {
                entries = Arrays.copyOf(entries, 64); // do not keep an outsized body's stack per thread
            }
            Arrays.fill(entries, null); // do not keep the last body's nodes alive
            try {
                sha.digest(digest, 0, 32);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
            byte[] hex = new byte[64];
            for (int i = 0; i < 32; i++) {
                hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
                hex[2 * i + 1] = HEX[digest[i] & 0xF];
            }
            return new String(hex, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        private void room() {
            if (pos > buf.length - RESERVE) {
                sha.update(buf, 0, pos);
                pos = 0;
            }
        }

        void raw(char c) {
            room();
            buf[pos++] = (byte) c;
        }

        void digits(long v) {
            room();
            if (v == Long.MIN_VALUE) {
                text(Long.toString(v));
                return;
            }
            if (v < 0) {
                buf[pos++] = '-';
                v = -v;
            }
            int len = 1;
            for (long t = v; t >= 10; t /= 10) {
                len++;
            }
            for (int i = pos + len - 1; i >= pos; i--) {
                buf[i] = (byte) ('0' + (v % 10));
                v /= 10;
            }
            pos += len;
        }

        /** {@code node.asText()} as UTF-8 ({@code path(name).asText()}: empty when absent). */
        void asText(JsonNode node) {
            if (node == null) {
                return;
            }
            if (node instanceof TextNode) {
                text(node.textValue());
            } else if (node instanceof IntNode || node instanceof LongNode) {
                digits(node.longValue());
            } else if (node.isTextual()) {
                text(node.textValue());
            } else if (node.isInt() || node.isLong()) {
                digits(node.longValue());
            } else {
                text(node.asText());
            }
        }

        /** Chars as UTF-8 without escaping; a lone surrogate becomes {@code ?}. */
        void text(String s) {
            int len = s.length();
            for (int i = 0; i < len; i++) {
                room();
                char c = s.charAt(i);
                if (c < 0x80) {
                    buf[pos++] = (byte) c;
                } else {
                    i = multiByte(s, i, c);
                }
            }
        }

        /** A JSON string literal: the escaping of {@link EventIds#quote}, as UTF-8. */
        void quoted(String s) {
            room();
            buf[pos++] = '"';
            int len = s.length();
            for (int i = 0; i < len; i++) {
                room();
                char c = s.charAt(i);
                if (c >= 0x20 && c < 0x80) {
                    if (c == '"' || c == '\\') {
                        buf[pos++] = '\\';
                    }
                    buf[pos++] = (byte) c;
                } else if (c < 0x20) {
                    buf[pos++] = '\\';
                    switch (c) {
                        case '\n' -> buf[pos++] = 'n';
                        case '\r' -> buf[pos++] = 'r';
                        case '\t' -> buf[pos++] = 't';
                        default -> {
                            buf[pos++] = 'u';
                            buf[pos++] = '0';
                            buf[pos++] = '0';
                            buf[pos++] = HEX[c >> 4];
                            buf[pos++] = HEX[c & 0xF];
                        }
                    }
                } else {
                    i = multiByte(s, i, c);
                }
            }
            room();
            buf[pos++] = '"';
        }

        /** Writes char {@code c} (≥ 0x80) at {@code s[i]}; returns the index of the last char consumed. */
        private int multiByte(String s, int i, char c) {
            if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf[pos++] = (byte) (0xF0 | (cp >> 18));
                    buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    buf[pos++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    buf[pos++] = '?';
                }
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
            return i;
        }

        /** The canonical form of {@link EventIds#canonical}, as UTF-8 (class tests: the parsed tree's node types). */
        void canonical(JsonNode node) {
            if (node instanceof TextNode) {
                quoted(node.textValue());
            } else if (node instanceof ObjectNode) {
                object(node);
            } else if (node instanceof IntNode || node instanceof LongNode) {
                digits(node.longValue());
            } else if (node instanceof ArrayNode) {
                array(node);
            } else if (node.isObject()) {
                object(node);
            } else if (node.isArray()) {
                array(node);
            } else if (node.isTextual()) {
                quoted(node.textValue());
            } else if (node.isNull() || node.isMissingNode()) {
                text("null");
            } else {
                asText(node);
            }
        }

        private void array(JsonNode node) {
            raw('[');
            for (int i = 0, n = node.size(); i < n; i++) {
                if (i > 0) {
                    raw(',');
                }
                canonical(node.get(i));
            }
            raw(']');
        }

        /**
         * A quoted object key: copied from a small per-thread cache of encoded keys when it was seen
         * before (the parser interns field names, so a body's keys are the same String instances
         * request after request); long keys are not cached, so the cache stays small.
         */
        void key(String k) {
            int slot = k.hashCode() & (KEY_SLOTS - 1);
            byte[] cached = keyCache[slot];
            if (keyNames[slot] != k || cached == null) {
                if (k.length() > MAX_CACHED_KEY) {
                    quoted(k);
                    return;
                }
                if (pos > buf.length - (MAX_CACHED_KEY * 6 + 2 + RESERVE)) { // no flush inside the key
                    sha.update(buf, 0, pos);
                    pos = 0;
                }
                int start = pos;
                quoted(k);
                keyNames[slot] = k;
                keyCache[slot] = Arrays.copyOfRange(buf, start, pos);
                return;
            }
            if (pos > buf.length - cached.length) {
                sha.update(buf, 0, pos);
                pos = 0;
            }
            System.arraycopy(cached, 0, buf, pos, cached.length);
            pos += cached.length;
        }

        private void object(JsonNode node) {
            int n = node.size();
            int from = top;
            if (from + n > entries.length) {
                entries = Arrays.copyOf(entries, Math.max(entries.length * 2, from + n));
            }
            int to = from;
            int hash = n;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                entries[to++] = e;
                hash = 31 * hash + e.getKey().hashCode();
            }
            top = to;
            int[] order = n <= MAX_SHAPE_KEYS ? order(from, n, hash) : null;
            if (order == null) {
                sortByKey(entries, from, to);
            }
            raw('{');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    raw(',');
                }
                Map.Entry<String, JsonNode> e = entries[from + (order == null ? i : order[i])];
                key(e.getKey());
                raw(':');
                canonical(e.getValue());
            }
            raw('}');
            top = from;
        }

        /**
         * The sorted order of the object's {@code n} entries at {@code from} (positions in key
         * order): from a per-thread cache of the key sequences seen (a sender sends the same keys in
         * the same order, and the parser interns them, so one identity comparison per key finds it),
         * else sorted and remembered. Null when a key is too long to be kept.
         */
        private int[] order(int from, int n, int hash) {
            int slot = hash & (SHAPE_SLOTS - 1);
            String[] keys = shapeKeys[slot];
            if (keys != null && keys.length == n) {
                boolean same = true;
                for (int i = 0; i < n && same; i++) {
                    same = keys[i] == entries[from + i].getKey();
                }
                if (same) {
                    return shapeOrders[slot];
                }
            }
            keys = new String[n];
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                keys[i] = entries[from + i].getKey();
                if (keys[i].length() > MAX_CACHED_KEY) {
                    return null;
                }
                order[i] = i;
            }
            for (int i = 1; i < n; i++) { // insertion sort of positions by key
                int p = order[i];
                int j = i - 1;
                while (j >= 0 && keys[order[j]].compareTo(keys[p]) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = p;
            }
            shapeKeys[slot] = keys;
            shapeOrders[slot] = order;
            return order;
        }
    }

    /** Sorts {@code a[from, to)} by key ({@link String#compareTo}): an insertion sort for the usual dozen fields. */
    static void sortByKey(Map.Entry<String, JsonNode>[] a, int from, int to) {
        if (to - from > 32) {
            Arrays.sort(a, from, to, BY_KEY);
            return;
        }
        for (int i = from + 1; i < to; i++) {
            Map.Entry<String, JsonNode> e = a[i];
            String k = e.getKey();
            int j = i - 1;
            while (j >= from && a[j].getKey().compareTo(k) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = e;
        }
    }

    /**
     * Writes JSON with object keys sorted and no whitespace (the text form of the canonical body,
     * as kept in {@code extra}).
     */
    static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            @SuppressWarnings("unchecked")
            Map.Entry<String, JsonNode>[] fields = new Map.Entry[node.size()];
            int n = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields[n++] = it.next();
            }
            sortByKey(fields, 0, n);
            out.append('{');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                quote(fields[i].getKey(), out);
                out.append(':');
                canonical(fields[i].getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
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
        if (node.isTextual()) {
            String s = node.textValue();
            if (plain(s)) {
                return '"' + s + '"';
            }
        } else if (node.isInt() || node.isLong()) {
            return Long.toString(node.longValue());
        }
        StringBuilder sb = new StringBuilder(32);
        canonical(node, sb);
        return sb.toString();
    }

    /** True when a string needs no escaping in JSON. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
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
                        out.append("\\u00").append((char) HEX[c >> 4]).append((char) HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

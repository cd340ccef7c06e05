package io.callstream.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.callstream.ingest.error.ErrorCode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reading of one JSON object of a callback body. A field is found by its documented name, or
 * by the same name in another letter case ({@code callId} for {@code CallId}); every error names the
 * field with its path ({@code CallRecord.CallId}, {@code UserList[1].User_Account}). Remembers which
 * fields were read, so that {@link #unread} can put everything else into {@code extra}.
 */
final class Fields {

    private final JsonNode node;
    private final String path;
    /** The keys read; a plain list: a body has a dozen fields, and a hash set cost a tenth of the mapping. */
    private final List<String> read = new ArrayList<>(16);
    private final List<Fields> children = new ArrayList<>(0);

    private Fields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The fields of a whole body (a JSON object). */
    static Fields of(JsonNode body) {
        return new Fields(body, "");
    }

    /** The value of a field, null when it is absent or JSON null; marks it read. */
    JsonNode get(String name) {
        String key = key(name);
        if (key == null) {
            return null;
        }
        read.add(key);
        JsonNode v = node.get(key);
        return v.isNull() ? null : v;
    }

    /** The value of a field without marking it read (to recognise a body's shape). */
    JsonNode peek(String name) {
        String key = key(name);
        JsonNode v = key == null ? null : node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String name) {
        return peek(name) != null;
    }

    /** The documented name when present, else the first key equal to it ignoring case. */
    private String key(String name) {
        if (node.has(name)) {
            return name;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }

    String path(String name) {
        return path + name;
    }

    String requiredText(String name) {
        JsonNode v = get(name);
        if (v == null) {
            throw missing(name);
        }
        if (!v.isTextual()) {
            throw wrongType(path(name), "a string", v);
        }
        if (v.asText().isBlank()) {
            throw new WebhookRejectedException(ErrorCode.INVALID_VALUE, path(name) + ": must not be empty", null);
        }
        return v.asText();
    }

    /** A string field; null when absent, null or blank. */
    String optionalText(String name) {
        JsonNode v = get(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(path(name), "a string", v);
        }
        return blankToNull(v.asText());
    }

    /** A string as sent, also when empty; null when absent or null (a spelling kept as raw value). */
    String rawText(String name) {
        JsonNode v = get(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(path(name), "a string", v);
        }
        return v.asText();
    }

    /** A string or an integer as text (a value the docs type both ways); null when absent, null or blank. */
    String textOrInteger(String name) {
        JsonNode v = get(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() && !v.isIntegralNumber()) {
            throw wrongType(path(name), "a string or an integer", v);
        }
        return blankToNull(v.asText());
    }

    /** An account id: a string or a bare integer (kept exactly as its digits), not empty. */
    String requiredAccount(String name) {
        String v = textOrInteger(name);
        if (v == null) {
            throw get(name) == null ? missing(name)
                    : new WebhookRejectedException(ErrorCode.INVALID_VALUE, path(name) + ": must not be empty", null);
        }
        return v;
    }

    /** An array of account ids (strings or integers) as text; null when absent. */
    List<String> accounts(String name) {
        JsonNode v = array(name);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual() && !item.isIntegralNumber()) {
                throw wrongType(path(name) + "[" + i + "]", "a string or an integer", item);
            }
            out.add(item.asText());
        }
        return out;
    }

    /** {@link #time(String, String)} of a field the docs give in Unix seconds. */
    Long time(String name) {
        return time(name, "seconds");
    }

    /**
     * A Unix time in millis from an integer field; null when absent or 0 (unset). Values below
     * {@link WebhookMapper#MILLIS_THRESHOLD} are seconds (× 1000), larger ones millis already, so
     * both units the docs use read right; {@code unit} is the documented one, for the messages.
     */
    Long time(String name, String unit) {
        JsonNode v = get(name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(path(name), "an integer (Unix " + unit + ")", v);
        }
        long t = v.asLong();
        if (t < 0) {
            throw new WebhookRejectedException(ErrorCode.INVALID_VALUE,
                    path(name) + ": must be a Unix time in " + unit + ", got " + t, null);
        }
        if (t == 0) {
            return null;
        }
        return t >= WebhookMapper.MILLIS_THRESHOLD ? t : t * 1000L;
    }

    /** A non-negative int; a string of digits is accepted when {@code digitsAsText} (one doc page types it so). */
    Integer count(String name, boolean digitsAsText) {
        JsonNode v = get(name);
        if (v == null) {
            return null;
        }
        if (digitsAsText && v.isTextual() && v.asText().trim().matches("\\d{1,9}")) {
            return Integer.parseInt(v.asText().trim());
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(path(name), "an integer", v);
        }
        if (v.asInt() < 0) {
            throw new WebhookRejectedException(ErrorCode.INVALID_VALUE, path(name) + ": must not be negative, got "
                    + v.asInt(), null);
        }
        return v.asInt();
    }

    /** A nested object's fields, null when absent; its unread fields go to {@code extra} with this path. */
    Fields object(String name) {
        JsonNode v = get(name);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(path(name), "an object", v);
        }
        return child(v, path(name) + ".");
    }

    Fields requiredObject(String name) {
        Fields f = object(name);
        if (f == null) {
            throw missing(name);
        }
        return f;
    }

    /** The fields of each object of an array; null when absent. */
    List<Fields> objects(String name) {
        JsonNode v = array(name);
        if (v == null) {
            return null;
        }
        List<Fields> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            String at = path(name) + "[" + i + "]";
            if (!v.get(i).isObject()) {
                throw wrongType(at, "an object", v.get(i));
            }
            out.add(child(v.get(i), at + "."));
        }
        return out;
    }

    private JsonNode array(String name) {
        JsonNode v = get(name);
        if (v != null && !v.isArray()) {
            throw wrongType(path(name), "an array", v);
        }
        return v;
    }

    private Fields child(JsonNode v, String childPath) {
        Fields f = new Fields(v, childPath);
        children.add(f);
        return f;
    }

    /** Keeps a field's raw JSON in {@code extra} (a value the schema's enum does not know). */
    void keep(String name, Map<String, String> extra) {
        String key = key(name);
        if (key != null) {
            extra.put(path + key, EventIds.jsonText(node.get(key)));
        }
    }

    /** Puts every field not read, here and in the nested objects read, into {@code extra} as JSON text. */
    void unread(Map<String, String> extra) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!wasRead(f.getKey())) {
                extra.put(path + f.getKey(), EventIds.jsonText(f.getValue()));
            }
        }
        children.forEach(c -> c.unread(extra));
    }

    private boolean wasRead(String key) {
        for (int i = 0; i < read.size(); i++) {
            String r = read.get(i);
            if (r == key || r.equals(key)) {
                return true;
            }
        }
        return false;
    }

    WebhookRejectedException missing(String name) {
        return new WebhookRejectedException(ErrorCode.MISSING_FIELD, path(name) + ": missing required field", null);
    }

    static WebhookRejectedException wrongType(String field, String expected, JsonNode v) {
        return new WebhookRejectedException(ErrorCode.WRONG_TYPE, field + ": must be " + expected + ", got " + kind(v), null);
    }

    static String kind(JsonNode v) {
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

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

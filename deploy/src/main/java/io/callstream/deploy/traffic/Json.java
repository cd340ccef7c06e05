package io.callstream.deploy.traffic;

import java.util.Map;

/** A minimal JSON writer for flat webhook bodies (strings and numbers); no dependency needed. */
public final class Json {

    private Json() {
    }

    /** A JSON object of the entries in order: {@link Number} values as numbers, others as strings. */
    public static String object(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(sb, k).append(':');
            if (v instanceof Number n) {
                sb.append(n);
            } else {
                quote(sb, String.valueOf(v));
            }
        });
        return sb.append('}').toString();
    }

    public static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}

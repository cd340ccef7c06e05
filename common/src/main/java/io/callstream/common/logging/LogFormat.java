package io.callstream.common.logging;

import io.callstream.schemas.config.Settings;
import java.util.Locale;
import java.util.Map;

/**
 * How a service writes its log, the {@code log.format} setting ({@code CALLSTREAM_LOG_FORMAT}): {@code text}
 * (the default, one human-readable line per event) or {@code json} (one JSON object per line, with the
 * MDC's {@code callId}, {@code sdkAppId}, ... under {@code "mdc"}). {@link LogConfigurator} applies it
 * when logging starts; the services' config loaders validate it with {@link #from(Settings)}.
 */
public enum LogFormat {
    TEXT, JSON;

    public static final String KEY = "log.format";
    public static final String DEFAULT = "text";

    /** Adds {@code log.format=text} to a service's built-in defaults. */
    public static void addDefault(Map<String, String> defaults) {
        defaults.put(KEY, DEFAULT);
    }

    /** The format set in {@code s}; fails with a message naming the key and its environment variable. */
    public static LogFormat from(Settings s) {
        return parse(s.optional(KEY).orElse(DEFAULT), KEY + " (environment variable " + Settings.envName(KEY) + ")");
    }

    static LogFormat parse(String value, String source) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("setting " + source + " must be text or json, got '"
                    + value + "'");
        };
    }
}

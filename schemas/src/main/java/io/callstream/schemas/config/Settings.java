package io.callstream.schemas.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration of a service (CONTRACT section 6): built-in defaults, then an optional
 * properties file, then environment variables ({@code CALLSTREAM_} + upper-snake of the key, e.g.
 * {@code kafka.bootstrap.servers} ← {@code CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS}); the environment wins.
 * Environment variables {@code CALLSTREAM_KAFKA_*} and {@code CALLSTREAM_SCHEMA_REGISTRY_*} that name
 * no known key become {@code kafka.*} and {@code schema.registry.*} keys (underscores → dots), so any
 * Kafka client setting and any registry client setting (credentials, {@code ssl.*}) can be passed;
 * {@code CALLSTREAM_BASIC_AUTH_USER_INFO} and {@code CALLSTREAM_BEARER_AUTH_TOKEN} set the serde
 * names of the registry credentials. Typed getters fail with a
 * message naming the key and its environment variable; {@link #toString()} masks secrets.
 * Services build their typed config records from this.
 */
public final class Settings {

    public static final String ENV_PREFIX = "CALLSTREAM_";
    /** Environment variable naming the optional properties file. */
    public static final String CONFIG_FILE_ENV = "CALLSTREAM_CONFIG";
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|user\\.info|sasl\\.jaas|key$|credentials).*");

    /** Environment prefixes (after {@code CALLSTREAM_}) that pass any setting through, and whole names. */
    private static final List<String> PASS_THROUGH = List.of("KAFKA_", "SCHEMA_REGISTRY_", "BASIC_AUTH_USER_INFO",
            "BEARER_AUTH_TOKEN");

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Loads defaults → file named by {@code CALLSTREAM_CONFIG} (if any) → the process environment. */
    public static Settings load(Map<String, String> defaults) {
        Map<String, String> env = System.getenv();
        Optional<Path> file = Optional.ofNullable(env.get(CONFIG_FILE_ENV)).filter(s -> !s.isBlank()).map(Path::of);
        return load(defaults, file, env);
    }

    /** Loads defaults → optional properties file → the given environment (which wins). */
    public static Settings load(Map<String, String> defaults, Optional<Path> file, Map<String, String> env) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        file.ifPresent(f -> merged.putAll(readProperties(f)));
        env.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || name.equals(CONFIG_FILE_ENV)) {
                return;
            }
            String key = merged.keySet().stream().filter(k -> envName(k).equals(name)).findFirst()
                    .orElseGet(() -> PASS_THROUGH.stream().anyMatch(p -> name.startsWith(ENV_PREFIX + p))
                            ? name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.')
                            : null);
            if (key != null) {
                merged.put(key, value);
            }
        });
        return new Settings(merged);
    }

    /** Settings made of exactly these values (tests, embedding). */
    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /** The environment variable that sets {@code key}: {@code CALLSTREAM_} + upper-snake. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public Optional<String> optional(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String string(String key) {
        return optional(key).orElseThrow(() -> new IllegalArgumentException(
                "missing required setting " + key + " (environment variable " + envName(key) + ")"));
    }

    public int integer(String key) {
        return parse(key, Integer::parseInt, "an integer");
    }

    public long longValue(String key) {
        return parse(key, Long::parseLong, "an integer");
    }

    public boolean bool(String key) {
        String v = string(key);
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw invalid(key, v, "true or false");
        }
        return Boolean.parseBoolean(v);
    }

    /** A duration in milliseconds, or with a unit suffix: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 2h}, {@code 1d}. */
    public Duration duration(String key) {
        String v = string(key).toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofMillis(Long.parseLong(v));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw invalid(key, v, "a duration such as 500ms, 10s, 2m, 2h");
            };
        } catch (NumberFormatException e) {
            throw invalid(key, v, "a duration such as 500ms, 10s, 2m, 2h");
        }
    }

    /** A comma-separated list; empty when unset. */
    public List<String> list(String key) {
        return optional(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** Every key under {@code prefix}, with the prefix removed (e.g. {@code kafka.} → client properties). */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null && !v.isBlank()) {
                out.put(k.substring(prefix.length()), v.trim());
            }
        });
        return out;
    }

    /** All values (unmasked). */
    public Map<String, String> asMap() {
        return values;
    }

    /** A copy with some values replaced. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putAll(overrides);
        return new Settings(m);
    }

    /** True for keys whose values must never be logged. */
    public static boolean isSecret(String key) {
        return SECRET.matcher(key).matches();
    }

    /** Every setting, sorted, secrets masked: safe to log. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(values).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(k).append('=').append(isSecret(k) && v != null && !v.isEmpty() ? "****" : v));
        return "{" + sb + "}";
    }

    private <T> T parse(String key, java.util.function.Function<String, T> parser, String what) {
        String v = string(key);
        try {
            return parser.apply(v);
        } catch (RuntimeException e) {
            throw invalid(key, v, what);
        }
    }

    private static IllegalArgumentException invalid(String key, String value, String what) {
        return new IllegalArgumentException("setting " + key + " (environment variable " + envName(key)
                + ") must be " + what + ", got '" + value + "'");
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}

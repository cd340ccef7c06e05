package io.callstream.schemas.registry;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of a schema-registry client, read from the Confluent-style serde properties:
 * {@code schema.registry.url} (comma-separated for fail-over, or {@code mock://<scope>}),
 * {@code basic.auth.user.info} ({@code user:password}), {@code bearer.auth.token},
 * {@code schema.registry.request.timeout.ms}, {@code schema.registry.max.retries},
 * {@code schema.registry.retry.backoff.ms}.
 */
public record RegistryConfig(List<String> urls,
                             Optional<String> basicAuthUserInfo,
                             Optional<String> bearerToken,
                             Duration requestTimeout,
                             int maxRetries,
                             Duration retryBackoff) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

    public RegistryConfig {
        if (urls == null || urls.isEmpty() || urls.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(URL + " is required (e.g. http://127.0.0.1:8081 or mock://test)");
        }
        urls = List.copyOf(urls);
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0, got " + maxRetries);
        }
    }

    /** A config with default timeouts for the given URL (or comma-separated URLs). */
    public static RegistryConfig of(String url) {
        return from(Map.of(URL, url));
    }

    /** Reads the client settings out of serde/client properties; unknown keys are ignored. */
    public static RegistryConfig from(Map<String, ?> props) {
        Object url = props.get(URL);
        if (url == null) {
            throw new IllegalArgumentException(URL + " is required (e.g. http://127.0.0.1:8081 or mock://test)");
        }
        List<String> urls = Arrays.stream(url.toString().split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
                .toList();
        return new RegistryConfig(urls,
                text(props, BASIC_AUTH_USER_INFO),
                text(props, BEARER_AUTH_TOKEN),
                Duration.ofMillis(number(props, REQUEST_TIMEOUT_MS, 10_000)),
                (int) number(props, MAX_RETRIES, 3),
                Duration.ofMillis(number(props, RETRY_BACKOFF_MS, 200)));
    }

    /** True when the URL selects the in-memory registry ({@code mock://<scope>}). */
    public boolean isMock() {
        return urls.get(0).startsWith("mock://");
    }

    /** Never prints credentials. */
    @Override
    public String toString() {
        return "RegistryConfig[urls=" + urls
                + ", basicAuth=" + basicAuthUserInfo.map(s -> "****").orElse("none")
                + ", bearer=" + bearerToken.map(s -> "****").orElse("none")
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries
                + ", retryBackoff=" + retryBackoff + "]";
    }

    private static Optional<String> text(Map<String, ?> props, String key) {
        Object v = props.get(key);
        return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString());
    }

    private static long number(Map<String, ?> props, String key, long dflt) {
        Object v = props.get(key);
        if (v == null || v.toString().isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'", e);
        }
    }
}

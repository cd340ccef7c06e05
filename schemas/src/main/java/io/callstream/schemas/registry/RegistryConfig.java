package io.callstream.schemas.registry;

import java.time.Duration;
import io.callstream.schemas.config.Settings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settings of a schema-registry client, read from the Confluent-style serde properties:
 * {@code schema.registry.url} (comma-separated for fail-over, or {@code mock://<scope>}),
 * {@code schema.registry.basic.auth.user.info} ({@code user:password}; Confluent's serde name
 * {@code basic.auth.user.info} too), {@code schema.registry.bearer.auth.token} (or
 * {@code bearer.auth.token}), {@code schema.registry.ssl.*} (trust store and key store, see
 * {@link RegistryTls}), {@code schema.registry.request.timeout.ms}, {@code schema.registry.max.retries},
 * {@code schema.registry.retry.backoff.ms}.
 *
 * @param ssl the {@code schema.registry.ssl.*} settings, keys without that prefix (e.g. {@code truststore.location})
 */
public record RegistryConfig(List<String> urls,
                             Optional<String> basicAuthUserInfo,
                             Optional<String> bearerToken,
                             Duration requestTimeout,
                             int maxRetries,
                             Duration retryBackoff,
                             Map<String, String> ssl) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    /** The registry-prefixed names of the credentials (they win over the serde names above). */
    public static final String REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String REGISTRY_BEARER_AUTH_TOKEN = "schema.registry.bearer.auth.token";
    public static final String SSL_PREFIX = "schema.registry.ssl.";
    /** The {@code schema.registry.*} keys the client reads (the URL, credentials, timeouts, TLS). */
    public static final List<String> CLIENT_KEYS = List.of(URL, REQUEST_TIMEOUT_MS, MAX_RETRIES, RETRY_BACKOFF_MS,
            REGISTRY_BASIC_AUTH_USER_INFO, REGISTRY_BEARER_AUTH_TOKEN, SSL_PREFIX + "truststore.location",
            SSL_PREFIX + "truststore.password", SSL_PREFIX + "truststore.type", SSL_PREFIX + "keystore.location",
            SSL_PREFIX + "keystore.password", SSL_PREFIX + "keystore.type", SSL_PREFIX + "key.password",
            SSL_PREFIX + "protocol");
    /** Serde settings a service may set outside the {@code schema.registry.} prefix. */
    private static final List<String> UNPREFIXED = List.of(BASIC_AUTH_USER_INFO, BEARER_AUTH_TOKEN,
            "auto.register.schemas", "use.latest.version", "avro.fast.coders");

    public RegistryConfig {
        if (urls == null || urls.isEmpty() || urls.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(URL + " is required (e.g. http://127.0.0.1:8081 or mock://test)");
        }
        urls = List.copyOf(urls);
        ssl = ssl == null ? Map.of() : Map.copyOf(ssl);
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0, got " + maxRetries);
        }
    }

    public RegistryConfig(List<String> urls, Optional<String> basicAuthUserInfo, Optional<String> bearerToken,
                          Duration requestTimeout, int maxRetries, Duration retryBackoff) {
        this(urls, basicAuthUserInfo, bearerToken, requestTimeout, maxRetries, retryBackoff, Map.of());
    }

    /** This config with other timeouts and retries (credentials and TLS kept). */
    public RegistryConfig withRetries(Duration timeout, int retries, Duration backoff) {
        return new RegistryConfig(urls, basicAuthUserInfo, bearerToken, timeout, retries, backoff, ssl);
    }

    /**
     * The registry client's settings out of a service's or tool's settings: every
     * {@code schema.registry.*} key (URL, credentials, {@code ssl.*}, timeouts) and
     * {@code basic.auth.user.info}, {@code bearer.auth.token}, {@code auto.register.schemas},
     * {@code use.latest.version}. The one place every service and tool reads them from.
     */
    public static Map<String, Object> clientProperties(Settings s) {
        Map<String, Object> p = new LinkedHashMap<>();
        s.withPrefix("schema.registry.").forEach((k, v) -> p.put("schema.registry." + k, v));
        for (String key : UNPREFIXED) {
            s.optional(key).ifPresent(v -> p.put(key, v));
        }
        return p;
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
                text(props, REGISTRY_BASIC_AUTH_USER_INFO).or(() -> text(props, BASIC_AUTH_USER_INFO)),
                text(props, REGISTRY_BEARER_AUTH_TOKEN).or(() -> text(props, BEARER_AUTH_TOKEN)),
                Duration.ofMillis(number(props, REQUEST_TIMEOUT_MS, 10_000)),
                (int) number(props, MAX_RETRIES, 3),
                Duration.ofMillis(number(props, RETRY_BACKOFF_MS, 200)),
                ssl(props));
    }

    private static Map<String, String> ssl(Map<String, ?> props) {
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(SSL_PREFIX) && v != null && !v.toString().isBlank()) {
                out.put(k.substring(SSL_PREFIX.length()), v.toString().trim());
            }
        });
        return out;
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
                + ", ssl=" + ssl.keySet().stream().map(k -> k + "=" + (Settings.isSecret(k) ? "****" : ssl.get(k))).toList()
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

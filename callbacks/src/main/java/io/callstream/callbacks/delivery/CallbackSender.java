package io.callstream.callbacks.delivery;

import io.callstream.callbacks.AddressPolicy;
import io.callstream.callbacks.SigningSecrets;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one attempt of a {@link CallbackRequest} with the Vert.x HTTP client: no redirects, a bounded
 * request body, connect and response timeouts, at most {@value #MAX_RESPONSE_BYTES} bytes of the answer
 * read. The destination is resolved once and checked against the {@link AddressPolicy} (on
 * {@code blockingExecutor}) before every attempt, and the connection goes to that checked address (no
 * second lookup a rebinding DNS could answer differently), while TLS still verifies the certificate
 * against the host name (SNI and host verification on the name). Every attempt carries the Standard
 * Webhooks headers {@code webhook-id} (the delivery id, stable across retries), {@code webhook-timestamp}
 * (Unix seconds of the attempt) and, when the app has a signing secret, {@code webhook-signature}; and
 * {@value #LOOP_HEADER}, by which an ingest of this project recognises (and drops) a callback sent to itself.
 */
final class CallbackSender {

    /** Marks outbound callbacks; an ingest that receives it answers 421 and stores nothing. */
    static final String LOOP_HEADER = "X-Callstream-Delivery";

    /** The result of one attempt: an HTTP status, or an error (status 0); a Retry-After the subscriber asked for. */
    record Attempt(int status, String error, boolean refused, Duration retryAfter) {

        Attempt(int status, String error, boolean refused) {
            this(status, error, refused, null);
        }

        boolean delivered() {
            return status >= 200 && status < 300;
        }

        boolean retryable() {
            return !refused && (status == 0 || RetryPolicy.retryableStatus(status));
        }

        String describe() {
            return status == 0 ? error : "HTTP " + status;
        }
    }

    static final int MAX_RESPONSE_BYTES = 4096;

    private final HttpClientAgent client;
    private final int maxBodyBytes;
    private final AddressPolicy policy;
    private final Duration timeout;
    private final Executor blockingExecutor;
    private final SigningSecrets secrets;
    private final Clock clock;

    CallbackSender(Vertx vertx, AddressPolicy policy, Duration timeout, int maxBodyBytes, Executor blockingExecutor,
                   SigningSecrets secrets, Clock clock) {
        this.policy = policy;
        this.maxBodyBytes = maxBodyBytes;
        this.timeout = timeout;
        this.blockingExecutor = blockingExecutor;
        this.secrets = secrets;
        this.clock = clock;
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxRedirects(0).setVerifyHost(true).setForceSni(true)
                .setConnectTimeout((int) timeout.toMillis()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    }

    CompletableFuture<Attempt> send(CallbackRequest request) {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        if (body.length > maxBodyBytes) {
            return CompletableFuture.completedFuture(new Attempt(0, "callback body of " + body.length
                    + " bytes exceeds callbacks.max.callback.bytes=" + maxBodyBytes, true));
        }
        CompletableFuture<Object> checked = CompletableFuture.supplyAsync(() -> {
            try {
                return policy.checkDestination(request.uri());
            } catch (IllegalArgumentException e) {
                return new Attempt(0, e.getMessage(), true);
            } catch (java.net.UnknownHostException e) {
                return new Attempt(0, "unknown host " + request.uri().getHost(), false);
            }
        }, blockingExecutor);
        return checked.thenCompose(c -> c instanceof Attempt a ? CompletableFuture.completedFuture(a)
                : post(request, body, castAddresses(c)));
    }

    @SuppressWarnings("unchecked")
    private static List<InetAddress> castAddresses(Object o) {
        return (List<InetAddress>) o;
    }

    private CompletableFuture<Attempt> post(CallbackRequest request, byte[] body, List<InetAddress> addresses) {
        URI uri = request.uri();
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String id = request.deliveryId();
        long timestamp = clock.instant().getEpochSecond();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, addresses.get(0).getHostAddress()))
                .setHost(host).setPort(port).setSsl(tls).setURI(path)
                .setConnectTimeout(timeout.toMillis()).setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("User-Agent", "callstream-callbacks")
                .putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader(LOOP_HEADER, id);
        String signature = secrets.sign(request.sdkAppId(), id, timestamp, request.body());
        if (signature != null) {
            options.putHeader("webhook-signature", signature);
        }
        CompletableFuture<Attempt> result = new CompletableFuture<>();
        try {
            client.request(options)
                    .compose(req -> req.send(Buffer.buffer(body)))
                    .onSuccess(resp -> {
                        result.complete(new Attempt(resp.statusCode(), null, false, retryAfter(resp)));
                        discardBounded(resp);
                    })
                    .onFailure(ex -> result.complete(new Attempt(0, describe(ex), false)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Attempt(0, "invalid request: " + e.getMessage(), true));
        }
        return result.completeOnTimeout(null, timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                .thenApply(a -> a != null ? a : new Attempt(0, "response timed out", false));
    }

    /** Reads and drops the answer; closes the connection past {@value #MAX_RESPONSE_BYTES} bytes. */
    private static void discardBounded(HttpClientResponse resp) {
        long[] seen = {0};
        resp.handler(b -> {
            seen[0] += b.length();
            if (seen[0] > MAX_RESPONSE_BYTES) {
                resp.handler(null);
                resp.request().connection().close();
            }
        });
        resp.exceptionHandler(e -> { });
    }

    /** {@code Retry-After}: delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpClientResponse resp) {
        return parseRetryAfter(resp.getHeader("Retry-After"), Clock.systemUTC());
    }

    static Duration parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private static String describe(Throwable ex) {
        Throwable t = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
            return "response timed out: " + t.getMessage();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}

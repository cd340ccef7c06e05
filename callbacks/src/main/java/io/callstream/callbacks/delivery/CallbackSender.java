package io.callstream.callbacks.delivery;

import io.callstream.callbacks.AddressPolicy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one attempt of a {@link CallbackRequest} with the JDK HTTP client: no redirects, a bounded
 * request body, connect and response timeouts, and at most {@value #MAX_RESPONSE_BYTES} bytes of the
 * response body read (then the exchange is cancelled). The destination is checked against the
 * {@link AddressPolicy} (DNS resolved on {@code blockingExecutor}) before every attempt.
 */
final class CallbackSender {

    /** The result of one attempt: an HTTP status, or an error (status 0). */
    record Attempt(int status, String error, boolean refused) {

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

    private final HttpClient client;
    private final int maxBodyBytes;
    private final AddressPolicy policy;
    private final Duration timeout;
    private final Executor blockingExecutor;

    CallbackSender(AddressPolicy policy, Duration timeout, int maxBodyBytes, Executor blockingExecutor) {
        this.policy = policy;
        this.maxBodyBytes = maxBodyBytes;
        this.timeout = timeout;
        this.blockingExecutor = blockingExecutor;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).executor(blockingExecutor)
                .connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    CompletableFuture<Attempt> send(CallbackRequest request) {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        if (body.length > maxBodyBytes) {
            return CompletableFuture.completedFuture(new Attempt(0, "callback body of " + body.length
                    + " bytes exceeds callbacks.max.callback.bytes=" + maxBodyBytes, true));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                policy.checkDestination(request.uri());
                return null;
            } catch (IllegalArgumentException e) {
                return new Attempt(0, e.getMessage(), true);
            } catch (java.net.UnknownHostException e) {
                return new Attempt(0, "unknown host " + request.uri().getHost(), false);
            }
        }, blockingExecutor).thenCompose(refusal -> refusal != null ? CompletableFuture.completedFuture(refusal) : post(request));
    }

    private CompletableFuture<Attempt> post(CallbackRequest request) {
        HttpRequest http = HttpRequest.newBuilder(request.uri()).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "callstream-callbacks")
                .POST(HttpRequest.BodyPublishers.ofString(request.body())).build();
        try {
            CompletableFuture<HttpResponse<Void>> exchange = client.sendAsync(http, info -> new BoundedDiscard());
            return exchange.orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                    .handle((resp, ex) -> {
                        if (ex == null) {
                            return new Attempt(resp.statusCode(), null, false);
                        }
                        exchange.cancel(true);
                        return new Attempt(0, ex instanceof TimeoutException ? "response timed out" : describe(ex), false);
                    });
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Attempt(0, "invalid request: " + e.getMessage(), true));
        }
    }

    private static String describe(Throwable ex) {
        Throwable t = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Reads and drops the response body; stops (cancels) after {@value #MAX_RESPONSE_BYTES} bytes. */
    private static final class BoundedDiscard implements HttpResponse.BodySubscriber<Void> {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long seen;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                seen += b.remaining();
            }
            if (seen > MAX_RESPONSE_BYTES && done.complete(null)) {
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        @Override
        public CompletableFuture<Void> getBody() {
            return done;
        }
    }
}

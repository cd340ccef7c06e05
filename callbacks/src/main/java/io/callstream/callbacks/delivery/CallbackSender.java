package io.callstream.callbacks.delivery;

import io.callstream.callbacks.AddressPolicy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends one attempt of a {@link CallbackRequest} with the JDK HTTP client: no redirects, a bounded
 * request timeout, the response body discarded. The destination is checked against the
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

    private final HttpClient client;
    private final AddressPolicy policy;
    private final Duration timeout;
    private final Executor blockingExecutor;

    CallbackSender(AddressPolicy policy, Duration timeout, Executor blockingExecutor) {
        this.policy = policy;
        this.timeout = timeout;
        this.blockingExecutor = blockingExecutor;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).executor(blockingExecutor)
                .connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    CompletableFuture<Attempt> send(CallbackRequest request) {
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
            return client.sendAsync(http, HttpResponse.BodyHandlers.discarding())
                    .handle((resp, ex) -> ex == null ? new Attempt(resp.statusCode(), null, false)
                            : new Attempt(0, describe(ex), false));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Attempt(0, "invalid request: " + e.getMessage(), true));
        }
    }

    private static String describe(Throwable ex) {
        Throwable t = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}

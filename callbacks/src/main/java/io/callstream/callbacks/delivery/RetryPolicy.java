package io.callstream.callbacks.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Bounded retries with exponential backoff and jitter: attempt n (1-based) is followed, if it failed
 * retryably and n ≤ maxRetries, by a wait of min(max, initial × 2^(n-1)) scaled by a random factor in
 * [0.5, 1) ("equal jitter"). Retryable: timeouts, connection errors, HTTP 5xx, 408 and 429.
 */
public record RetryPolicy(int maxRetries, Duration initial, Duration max) {

    public boolean canRetry(int attemptsSoFar) {
        return attemptsSoFar <= maxRetries;
    }

    public Duration delay(int attempt, DoubleSupplier random) {
        long base = initial.toMillis() << Math.min(attempt - 1, 30);
        long capped = Math.min(max.toMillis(), base < 0 ? Long.MAX_VALUE : base);
        return Duration.ofMillis((long) (capped * (0.5 + random.getAsDouble() / 2)));
    }

    public static boolean retryableStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }
}

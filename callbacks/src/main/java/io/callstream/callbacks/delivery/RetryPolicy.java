package io.callstream.callbacks.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Retries with exponential backoff and jitter, bounded by a count and by an age: attempt n (1-based) is
 * followed, if it failed retryably, n ≤ maxRetries and the first attempt is less than {@code giveUpAfter}
 * ago, by a wait of min(max, initial × 2^(n-1)) scaled by a random factor in [0.5, 1) ("equal jitter"),
 * or the subscriber's {@code Retry-After} when that is longer (capped at max). Retryable: timeouts,
 * connection errors, HTTP 5xx, 408 and 429. The defaults (5 s doubling to 5 h, for 28 h, at most 30
 * retries) keep trying for more than a day, as Svix and Convoy do.
 */
public record RetryPolicy(int maxRetries, Duration initial, Duration max, Duration giveUpAfter) {

    public RetryPolicy(int maxRetries, Duration initial, Duration max) {
        this(maxRetries, initial, max, Duration.ofDays(3650));
    }

    public boolean canRetry(int attemptsSoFar) {
        return attemptsSoFar <= maxRetries;
    }

    /** Whether another attempt is due after {@code attemptsSoFar}, the first of them made {@code sinceFirst} ago. */
    public boolean canRetry(int attemptsSoFar, Duration sinceFirst) {
        return canRetry(attemptsSoFar) && sinceFirst.compareTo(giveUpAfter) < 0;
    }

    public Duration delay(int attempt, DoubleSupplier random) {
        long base = initial.toMillis() << Math.min(attempt - 1, 30);
        long capped = Math.min(max.toMillis(), base < 0 ? Long.MAX_VALUE : base);
        return Duration.ofMillis((long) (capped * (0.5 + random.getAsDouble() / 2)));
    }

    /** As {@link #delay(int, DoubleSupplier)}, but at least {@code retryAfter} (when given), at most max. */
    public Duration delay(int attempt, DoubleSupplier random, Duration retryAfter) {
        Duration d = delay(attempt, random);
        if (retryAfter != null && retryAfter.compareTo(d) > 0) {
            d = retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
        return d;
    }

    public static boolean retryableStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }
}

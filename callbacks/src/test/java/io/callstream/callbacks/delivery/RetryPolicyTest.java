package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void shouldDoubleAndCapTheDelayWithJitterWhenAttemptsGrow() {
        assertThat(policy.delay(1, () -> 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.delay(1, () -> 0.999)).isLessThan(Duration.ofMillis(100));
        assertThat(policy.delay(3, () -> 0.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delay(10, () -> 0.0)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldStopRetryingWhenBoundIsReached() {
        assertThat(policy.canRetry(3)).isTrue();
        assertThat(policy.canRetry(4)).isFalse();
    }

    @Test
    void shouldRetryOnlyServerErrorsTimeoutsAndThrottling() {
        assertThat(RetryPolicy.retryableStatus(503)).isTrue();
        assertThat(RetryPolicy.retryableStatus(429)).isTrue();
        assertThat(RetryPolicy.retryableStatus(408)).isTrue();
        assertThat(RetryPolicy.retryableStatus(404)).isFalse();
    }

    @Test
    void shouldWaitAsLongAsRetryAfterAsksButNoLongerThanTheCapWhenTheSubscriberSaysSo() {
        assertThat(policy.delay(1, () -> 0.0, Duration.ofMillis(700))).isEqualTo(Duration.ofMillis(700));
        assertThat(policy.delay(1, () -> 0.0, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(3, () -> 0.0, Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldKeepRetryingForMoreThanADayWhenTheDefaultsApply() {
        var config = io.callstream.callbacks.CallbacksConfig.of(java.util.Map.of());
        RetryPolicy defaults = new RetryPolicy(config.maxRetries(), config.initialBackoff(), config.maxBackoff(), config.retryGiveUpAfter());
        Duration total = Duration.ZERO;
        int n = 1;
        while (defaults.canRetry(n, total)) {
            total = total.plus(defaults.delay(n, () -> 0.0));
            n++;
        }
        assertThat(total).isGreaterThanOrEqualTo(Duration.ofHours(24));
        assertThat(defaults.delay(1, () -> 0.0)).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldGiveUpWhenTheFirstAttemptIsOlderThanTheLimit() {
        RetryPolicy aged = new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofHours(28));
        assertThat(aged.canRetry(5, Duration.ofHours(27))).isTrue();
        assertThat(aged.canRetry(5, Duration.ofHours(28))).isFalse();
    }
}

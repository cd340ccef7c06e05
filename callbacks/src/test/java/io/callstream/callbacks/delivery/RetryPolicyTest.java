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
}

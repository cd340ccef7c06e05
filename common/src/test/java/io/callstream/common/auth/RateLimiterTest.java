package io.callstream.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    final AtomicLong millis = new AtomicLong(1_764_000_000_000L);
    final RateLimiter limiter = new RateLimiter(2, millis::get);

    @Test
    void shouldRefuseTheCallOverTheLimitWhenWithinOneSecond() {
        assertThat(limiter.tryAcquire(1)).isTrue();
        millis.addAndGet(999);
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void shouldAllowCallsAgainWhenTheNextSecondStarts() {
        limiter.tryAcquire(1);
        limiter.tryAcquire(1);
        millis.addAndGet(1000);

        assertThat(limiter.tryAcquire(1)).isTrue();
    }

    @Test
    void shouldCountEachSdkAppIdAloneWhenAnotherIsAtItsLimit() {
        limiter.tryAcquire(1);
        limiter.tryAcquire(1);

        assertThat(limiter.tryAcquire(2)).isTrue();
    }
}

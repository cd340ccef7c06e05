package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AppLimiterTest {

    @Test
    void shouldQueueOnlyTheBusyAppWhenItsSlotsAreTaken() {
        AppLimiter limiter = new AppLimiter(2);
        List<CompletableFuture<String>> slow = new ArrayList<>();
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            limiter.run(1L, () -> {
                started.add("app1-" + n);
                CompletableFuture<String> f = new CompletableFuture<>();
                slow.add(f);
                return f;
            });
        }
        CompletableFuture<String> other = limiter.run(2L, () -> {
            started.add("app2");
            return CompletableFuture.completedFuture("done");
        });

        assertThat(started).containsExactly("app1-0", "app1-1", "app2");
        assertThat(other).isCompletedWithValue("done");
        slow.get(0).complete("x");
        assertThat(started).containsExactly("app1-0", "app1-1", "app2", "app1-2");
    }
}

package io.callstream.callbacks.store;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** A {@link CallbackConfigStore} in a map, for handler tests without a broker. */
public final class InMemoryCallbackConfigStore implements CallbackConfigStore {

    private final Map<Long, AppCallbackConfig> configs = new ConcurrentHashMap<>();
    private volatile boolean failWrites;

    @Override
    public Optional<AppCallbackConfig> get(long sdkAppId) {
        return Optional.ofNullable(configs.get(sdkAppId)).filter(c -> !c.isEmpty());
    }

    @Override
    public synchronized CompletableFuture<AppCallbackConfig> update(long sdkAppId, UnaryOperator<AppCallbackConfig> change) {
        if (failWrites) {
            return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("broker down"));
        }
        try {
            AppCallbackConfig next = change.apply(configs.getOrDefault(sdkAppId, AppCallbackConfig.empty(sdkAppId)));
            configs.put(sdkAppId, next);
            return CompletableFuture.completedFuture(next);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Makes every write fail as if Kafka did not acknowledge it. */
    public void failWrites(boolean fail) {
        this.failWrites = fail;
    }

    @Override
    public CompletableFuture<Void> catchUp(Duration timeout) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
}

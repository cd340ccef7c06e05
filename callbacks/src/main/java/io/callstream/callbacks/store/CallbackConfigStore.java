package io.callstream.callbacks.store;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The callback configurations of all SDKAppIDs: an in-memory view that reads are served from, and
 * writes that complete once durable (for Kafka: acknowledged by the broker and applied to the view).
 */
public interface CallbackConfigStore extends AutoCloseable {

    /** The current configuration of an app, if any. */
    Optional<AppCallbackConfig> get(long sdkAppId);

    /**
     * Applies {@code change} to the app's current configuration (empty config when none) and stores the
     * result; updates of one app run one after the other. A change may throw to refuse the update: the
     * returned future then fails with that exception.
     */
    CompletableFuture<AppCallbackConfig> update(long sdkAppId, UnaryOperator<AppCallbackConfig> change);

    /** Completes when the view has read every configuration written before the call. */
    CompletableFuture<Void> catchUp(Duration timeout);

    @Override
    void close();
}

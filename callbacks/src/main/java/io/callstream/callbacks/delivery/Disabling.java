package io.callstream.callbacks.delivery;

import io.callstream.callbacks.store.CallbackConfigStore;
import io.callstream.common.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disabled subscriber addresses: an address whose attempts have failed for {@code callbacks.disable.after}
 * without a success ({@link EndpointHealth}, as this instance saw them) is stored as disabled in the app's
 * {@code callback-config} record; the callbacks for a disabled address are dead-lettered without an attempt
 * ({@code refused}), until an administrator sets the callback again or enables it.
 */
final class Disabling {

    private static final Logger LOG = LoggerFactory.getLogger(Disabling.class);

    private final CallbackConfigStore store;
    private final EndpointHealth health;
    private final DeadLetterWriter deadLetters;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final Duration disableAfter;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    Disabling(CallbackConfigStore store, EndpointHealth health, DeadLetterWriter deadLetters, DeliveryMetrics metrics,
              Clock clock, Duration disableAfter) {
        this.store = store;
        this.health = health;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
        this.disableAfter = disableAfter;
    }

    /** When the request's address was disabled for its app (epoch ms), 0 when it is enabled. */
    long disabledAt(CallbackRequest r) {
        return store.get(r.sdkAppId()).map(c -> c.disabledAt(r.address())).orElse(0L);
    }

    CompletableFuture<Void> refuse(CallbackRequest r, int attempts, long disabledAt) {
        metrics.delivered("refused", Duration.ZERO);
        return deadLetters.write(r, attempts, new CallbackSender.Attempt(0, "the address is disabled since "
                + Instant.ofEpochMilli(disabledAt) + " (it kept failing for callbacks.disable.after); set the callback again,"
                + " or enable it, then replay its dead letters", true));
    }

    /** After a retryable failure: disables the address when it has failed for {@code callbacks.disable.after}. */
    void afterFailure(CallbackRequest r) {
        long since = health.failingSince(r.address());
        long now = clock.millis();
        String key = r.sdkAppId() + " " + r.address();
        if (since < 0 || now - since < disableAfter.toMillis() || !inProgress.add(key)) {
            return;
        }
        try (LogContext ignored = DeliveryLogs.of(r)) {
            LOG.warn("callback address {} of SDKAppID {} fails since {}: disabling it", r.address(), r.sdkAppId(),
                    Instant.ofEpochMilli(since));
        }
        store.update(r.sdkAppId(), c -> c.disable(r.address(), now)).whenComplete((c, ex) -> {
            inProgress.remove(key);
            if (ex != null) {
                try (LogContext ignored = LogContext.call(null, r.sdkAppId())) {
                    LOG.warn("cannot store that {} is disabled (tried again on the next failure): {}", r.address(),
                            ex.toString());
                }
            } else {
                health.succeeded(r.address()); // a re-enabled address starts afresh
                metrics.disabled();
            }
        });
    }
}

package io.callstream.callbacks.delivery;

import io.callstream.avro.CallEvent;
import io.callstream.callbacks.CallbackCommands;
import io.callstream.callbacks.store.AppCallbackConfig;
import io.callstream.callbacks.store.CallbackConfigStore;
import io.callstream.callbacks.store.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link CallEvent} into the callbacks its SDKAppID subscribed to and delivers them: one in-order
 * chain per call (an event's callbacks start only when the previous event of the same call is fully
 * handled), at most {@code maxInFlightPerApp} attempts per app, bounded retries with backoff, and a dead
 * letter after the last failed attempt. The returned future completes when the event is fully handled.
 */
final class DeliveryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    private final CallbackConfigStore store;
    private final CallbackSender sender;
    private final DeadLetterWriter deadLetters;
    private final RetryPolicy retry;
    private final AppLimiter limiter;
    private final DeliveryMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final Map<String, CompletableFuture<Void>> chains = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    DeliveryEngine(CallbackConfigStore store, CallbackSender sender, DeadLetterWriter deadLetters, RetryPolicy retry,
                   int maxInFlightPerApp, DeliveryMetrics metrics, ScheduledExecutorService scheduler, Executor executor) {
        this.store = store;
        this.sender = sender;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.limiter = new AppLimiter(maxInFlightPerApp);
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    /** The callbacks an event matches: one per subscription (legacy, newer) whose names contain its action/command. */
    static List<CallbackRequest> requestsFor(CallEvent e, Optional<AppCallbackConfig> config) {
        List<CallbackRequest> out = new ArrayList<>();
        config.ifPresent(c -> {
            match(e, c.legacy(), CallbackCommands.legacyAction(e)).ifPresent(out::add);
            match(e, c.v4(), CallbackCommands.v4Command(e)).ifPresent(out::add);
        });
        return out;
    }

    private static Optional<CallbackRequest> match(CallEvent e, Optional<Subscription> s, Optional<String> name) {
        return s.filter(sub -> name.isPresent() && sub.names().contains(name.get()))
                .map(sub -> CallbackRequest.of(e, sub.address(), name.get()));
    }

    CompletableFuture<Void> submit(CallEvent e) {
        List<CallbackRequest> requests = requestsFor(e, store.get(e.getSdkAppId()));
        if (requests.isEmpty()) {
            metrics.event("not_matched");
            return CompletableFuture.completedFuture(null);
        }
        metrics.event("matched");
        String key = e.getSdkAppId() + "/" + e.getCallId();
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] next = new CompletableFuture[1];
        chains.compute(key, (k, prev) -> {
            CompletableFuture<Void> start = prev == null ? CompletableFuture.completedFuture(null) : prev;
            next[0] = start.handle((v, ex) -> null).thenComposeAsync(v -> deliverAll(requests), executor);
            return next[0];
        });
        next[0].whenComplete((v, ex) -> chains.remove(key, next[0]));
        return next[0];
    }

    private CompletableFuture<Void> deliverAll(List<CallbackRequest> requests) {
        return CompletableFuture.allOf(requests.stream().map(this::deliver).toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> deliver(CallbackRequest r) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(r, 1, System.nanoTime(), done);
        return done;
    }

    private void attempt(CallbackRequest r, int n, long startNanos, CompletableFuture<Void> done) {
        if (!running) {
            done.completeExceptionally(new IllegalStateException("delivery stopped"));
            return;
        }
        limiter.run(r.sdkAppId(), () -> sender.send(r)).whenComplete((result, ex) -> {
            CallbackSender.Attempt a = ex != null ? new CallbackSender.Attempt(0, ex.toString(), false) : result;
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            if (a.delivered()) {
                LOG.debug("callback {} of call {} delivered to {} after {} attempt(s)", r.command(), r.callId(), r.address(), n);
                metrics.delivered("delivered", took);
                done.complete(null);
            } else if (a.retryable() && retry.canRetry(n)) {
                if (!running) {
                    // stopping: leave the event unhandled (offset not committed) rather than dead-letter it early
                    done.completeExceptionally(new IllegalStateException("delivery stopped"));
                    return;
                }
                Duration wait = retry.delay(n, ThreadLocalRandom.current()::nextDouble);
                LOG.info("callback {} of call {} to {} failed ({}), attempt {}; retrying in {} ms",
                        r.command(), r.callId(), r.address(), a.describe(), n, wait.toMillis());
                metrics.retried();
                try {
                    scheduler.schedule(() -> attempt(r, n + 1, startNanos, done), wait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RuntimeException rejected) {
                    done.completeExceptionally(rejected);
                }
            } else {
                metrics.delivered(a.refused() ? "refused" : "dead_lettered", took);
                deadLetters.write(r, n, a).whenComplete((v, dlqEx) -> {
                    if (dlqEx != null) {
                        done.completeExceptionally(dlqEx);
                    } else {
                        done.complete(null);
                    }
                });
            }
        });
    }

    void stop() {
        running = false;
    }
}

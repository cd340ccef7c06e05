package io.callstream.callbacks.delivery;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
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
 * Turns a {@link CallEvent} or a {@link CallSummary} into the callbacks its SDKAppID subscribed to, in each
 * subscriber's generation ({@link V1Callbacks}, {@link V4Callbacks}), and delivers them: one in-order chain
 * per call (a record's callbacks start only when the previous record of the same call is fully handled),
 * at most {@code maxInFlightPerApp} attempts per app, bounded retries with backoff, and a dead letter after
 * the last failed attempt. The returned future completes when the record is fully handled.
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
    private final EndCallMemory endCalls;
    private volatile boolean running = true;

    DeliveryEngine(CallbackConfigStore store, CallbackSender sender, DeadLetterWriter deadLetters, RetryPolicy retry,
                   int maxInFlightPerApp, int rememberedEndCalls, DeliveryMetrics metrics, ScheduledExecutorService scheduler,
                   Executor executor) {
        this.store = store;
        this.endCalls = new EndCallMemory(rememberedEndCalls);
        this.sender = sender;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.limiter = new AppLimiter(maxInFlightPerApp);
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    /**
     * The callbacks an event matches, one list per subscription in the order they go out: the v1 callbacks
     * whose action word the v1 subscription lists, then the v4 callbacks whose command the v4 one lists.
     */
    static List<List<CallbackRequest>> requestsFor(CallEvent e, Optional<AppCallbackConfig> config) {
        List<List<CallbackRequest>> out = new ArrayList<>();
        config.flatMap(AppCallbackConfig::legacy).ifPresent(sub -> add(out, V1Callbacks.of(e).stream()
                .filter(o -> sub.names().contains(o.command()))
                .map(o -> CallbackRequest.v1(e, sub.address(), o)).toList()));
        config.flatMap(AppCallbackConfig::v4).ifPresent(sub -> add(out, V4Callbacks.of(e).stream()
                .filter(o -> sub.names().contains(o.command()))
                .map(o -> CallbackRequest.v4(e.getSdkAppId(), e.getCallId(), e.getEventId(), sub.address(), o,
                        e.getClientIp(), e.getPlatform())).toList()));
        return out;
    }

    private static void add(List<List<CallbackRequest>> out, List<CallbackRequest> requests) {
        if (!requests.isEmpty()) {
            out.add(requests);
        }
    }

    /** The v4 subscription of an app when it lists {@code Call.CallbackAfterEndCall}. */
    static Optional<Subscription> endCallSubscription(Optional<AppCallbackConfig> config) {
        return config.flatMap(AppCallbackConfig::v4).filter(s -> s.names().contains(CallbackCommands.AFTER_END_CALL));
    }

    CompletableFuture<Void> submit(CallEvent e) {
        List<List<CallbackRequest>> requests = requestsFor(e, store.get(e.getSdkAppId()));
        metrics.event(requests.isEmpty() ? "not_matched" : "matched");
        return chain(e.getSdkAppId(), e.getCallId(), requests);
    }

    /**
     * The end call of a closed call to the app's v4 subscriber, when it subscribed to it and this summary
     * is the call's first or changes its result ({@link EndCallMemory}); chained after the call's events.
     */
    CompletableFuture<Void> submit(CallSummary s) {
        Optional<Subscription> sub = endCallSubscription(store.get(s.getSdkAppId()));
        Optional<Outbound> endCall = V4Callbacks.endCall(s);
        if (sub.isEmpty()) {
            metrics.summary("not_matched");
            return CompletableFuture.completedFuture(null);
        }
        if (endCall.isEmpty()) {
            LOG.warn("no Call.CallbackAfterEndCall for call {} of SDKAppID {}: outcome {} has no CallResult",
                    s.getCallId(), s.getSdkAppId(), s.getOutcome());
            metrics.summary("unmapped");
            return CompletableFuture.completedFuture(null);
        }
        if (!endCalls.shouldSend(s.getSdkAppId(), s.getCallId(), s.getRevision(), V4Callbacks.callResult(s).orElseThrow())) {
            metrics.summary("unchanged");
            return CompletableFuture.completedFuture(null);
        }
        metrics.summary("matched");
        CallbackRequest r = CallbackRequest.v4(s.getSdkAppId(), s.getCallId(), "summary:r" + s.getRevision(),
                sub.get().address(), endCall.get(), null, null);
        return chain(s.getSdkAppId(), s.getCallId(), List.of(List.of(r)));
    }

    /** Runs {@code requests} after everything submitted earlier for the same call: each list in order, the lists side by side. */
    private CompletableFuture<Void> chain(long sdkAppId, String callId, List<List<CallbackRequest>> requests) {
        if (requests.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String key = sdkAppId + "/" + callId;
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

    private CompletableFuture<Void> deliverAll(List<List<CallbackRequest>> requests) {
        return CompletableFuture.allOf(requests.stream().map(this::deliverInOrder).toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> deliverInOrder(List<CallbackRequest> requests) {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        for (CallbackRequest r : requests) {
            done = done.thenCompose(v -> deliver(r));
        }
        return done;
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

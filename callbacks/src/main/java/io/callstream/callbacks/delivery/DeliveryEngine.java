package io.callstream.callbacks.delivery;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.callbacks.CallbackCommands;
import io.callstream.callbacks.store.AppCallbackConfig;
import io.callstream.callbacks.store.CallbackConfigStore;
import io.callstream.callbacks.store.Subscription;
import io.callstream.common.logging.LogContext;
import java.time.Clock;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link CallEvent} or a {@link CallSummary} into the callbacks its SDKAppID subscribed to, in each
 * subscriber's generation ({@link V1Callbacks}, {@link V4Callbacks}), and delivers them: one in-order chain
 * per call (a record's callbacks start only when the previous record of the same call is fully handled),
 * at most {@code maxInFlightPerApp} attempts per app. A callback is tried once; when that fails retryably
 * it is <em>parked</em> on the retry topic ({@link RetryTopic}) with the time its next attempt is due, and
 * the record counts as handled once the broker acknowledged that: a dead or slow subscriber holds neither
 * the consumer nor the offsets of other apps. A call with a parked callback parks its later callbacks
 * behind it, and so does an app whose queue holds {@code maxQueuedPerApp} callbacks. Parked callbacks come
 * back through {@link #redeliver}, which retries them at their due times, and re-parks or finishes them
 * (delivered, or a dead letter after the last attempt). When a partition is handed over at a rebalance
 * ({@link Lease#handOver}), its callbacks whose attempt has not started are parked (due at once) instead.
 * The returned futures complete when the record is fully handled; they fail with
 * {@link Lease.FencedException} when its partition was revoked first.
 */
final class DeliveryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    private static final String HANDED_OVER = "handed over to the partition's next owner at a rebalance";

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
    private final RetryTopic parking;
    private final ParkedCalls parked = new ParkedCalls();
    private final EndpointHealth health;
    private final Disabling disabling;
    private final int maxQueuedPerApp;
    private final Clock clock;
    private volatile boolean running = true;

    DeliveryEngine(CallbackConfigStore store, CallbackSender sender, DeadLetterWriter deadLetters, RetryPolicy retry,
                   int maxInFlightPerApp, int rememberedEndCalls, DeliveryMetrics metrics, ScheduledExecutorService scheduler,
                   Executor executor, RetryTopic parking, int maxQueuedPerApp, Clock clock, Duration disableAfter) {
        this.parking = parking;
        this.health = new EndpointHealth(retry.initial().toMillis());
        this.disabling = new Disabling(store, health, deadLetters, metrics, clock, disableAfter);
        this.maxQueuedPerApp = maxQueuedPerApp;
        this.clock = clock;
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

    CompletableFuture<Void> submit(CallEvent e, Lease lease) {
        Optional<AppCallbackConfig> config = store.get(e.getSdkAppId());
        List<List<CallbackRequest>> requests;
        try {
            requests = requestsFor(e, config);
        } catch (IllegalArgumentException bad) {
            throw new IllegalStateException("the stored callback configuration of SDKAppID " + e.getSdkAppId() + " cannot be used ("
                    + config.map(AppCallbackConfig::problems).orElse(List.of()) + "): " + bad.getMessage(), bad);
        }
        metrics.event(requests.isEmpty() ? "not_matched" : "matched");
        return chain(e.getSdkAppId(), e.getCallId(), lease, () -> deliverAll(requests, lease));
    }

    /**
     * The end call of a closed call to the app's v4 subscriber, when it subscribed to it and this summary
     * is the call's first or changes its result ({@link EndCallMemory}); chained after the call's events.
     */
    CompletableFuture<Void> submit(CallSummary s, Lease lease) {
        Optional<Subscription> sub = endCallSubscription(store.get(s.getSdkAppId()));
        Optional<Outbound> endCall = V4Callbacks.endCall(s);
        if (sub.isEmpty()) {
            metrics.summary("not_matched");
            return CompletableFuture.completedFuture(null);
        }
        if (endCall.isEmpty()) {
            try (LogContext ignored = LogContext.call(s.getCallId(), s.getSdkAppId())) {
                LOG.warn("no Call.CallbackAfterEndCall for call {} of SDKAppID {}: outcome {} has no CallResult",
                        s.getCallId(), s.getSdkAppId(), s.getOutcome());
            }
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
        return chain(s.getSdkAppId(), s.getCallId(), lease, () -> deliverAll(List.of(List.of(r)), lease));
    }

    /**
     * A parked callback read from the retry topic: delivered at its due time, after what is in flight for
     * its call; {@code latest} gives its newest record (a later re-parking read meanwhile supersedes it);
     * nothing is tried before {@code ready} (the retry partition read up to where it ended when assigned).
     * Completes when it is finished (delivered or dead-lettered, and marked done on the retry topic).
     */
    CompletableFuture<Void> redeliver(Parked first, Supplier<Parked> latest, CompletableFuture<Void> ready, Lease lease) {
        parked.add(first.callKey(), first.parkId());
        return chain(first.request().sdkAppId(), first.request().callId(), lease, () -> CompletableFuture.anyOf(ready, lease.revocation())
                .thenCompose(v -> retryParked(first, latest, lease)));
    }

    /** Marks a parked callback finished elsewhere (a done marker read from the retry topic). */
    void parkFinished(Parked done) {
        parked.remove(done.callKey(), done.parkId());
    }

    /** Runs {@code work} after everything submitted earlier for the same call. */
    private CompletableFuture<Void> chain(long sdkAppId, String callId, Lease lease, Supplier<CompletableFuture<Void>> work) {
        String key = sdkAppId + "/" + callId;
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] next = new CompletableFuture[1];
        chains.compute(key, (k, prev) -> {
            CompletableFuture<Void> start = prev == null ? CompletableFuture.completedFuture(null) : prev;
            next[0] = start.handle((v, ex) -> null).thenComposeAsync(v -> work.get(), executor);
            return next[0];
        });
        next[0].whenComplete((v, ex) -> chains.remove(key, next[0]));
        return lease.track(next[0]);
    }

    private CompletableFuture<Void> deliverAll(List<List<CallbackRequest>> requests, Lease lease) {
        if (requests.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(requests.stream().map(list -> deliverInOrder(list, lease)).toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> deliverInOrder(List<CallbackRequest> requests, Lease lease) {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        for (CallbackRequest r : requests) {
            done = done.thenCompose(v -> deliver(r, lease));
        }
        return done;
    }

    /** The first attempt of a callback read from call-events or call-summaries; parked when it fails retryably. */
    private CompletableFuture<Void> deliver(CallbackRequest r, Lease lease) {
        long now = clock.millis();
        String call = r.sdkAppId() + "/" + r.callId();
        long disabledAt = disabling.disabledAt(r);
        if (disabledAt > 0) {
            return disabling.refuse(r, 0, disabledAt);
        }
        if (parked.has(call)) {
            return park(r, 0, now, now, "parked behind an earlier callback of the call", 0);
        }
        if (limiter.queued(r.sdkAppId()) >= maxQueuedPerApp) {
            return park(r, 0, now, now + retry.initial().toMillis(), "the app's queue holds " + maxQueuedPerApp + " callbacks", 0);
        }
        if (health.isOpen(r.address(), now)) {
            return park(r, 0, now, now + retry.initial().toMillis(), "the address fails since "
                    + java.time.Instant.ofEpochMilli(health.failingSince(r.address())), 0);
        }
        if (lease.isHandedOver() && !lease.isRevoked()) {
            return park(r, 0, now, now, HANDED_OVER, 0);
        }
        long startNanos = System.nanoTime();
        return attempt(r, lease).exceptionallyCompose(ex -> is(ex, Lease.HandedOverException.class)
                ? park(r, 0, now, clock.millis(), HANDED_OVER, 0).thenApply(v -> (CallbackSender.Attempt) null)
                : CompletableFuture.failedFuture(ex)).thenCompose(a -> {
            if (a == null) {
                return CompletableFuture.completedFuture(null); // parked instead
            }
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            if (a.delivered()) {
                LOG.debug("callback {} of call {} delivered to {}", r.command(), r.callId(), r.address());
                metrics.delivered("delivered", took);
                return CompletableFuture.completedFuture(null);
            }
            if (a.retryable() && retry.canRetry(1, Duration.ZERO)) {
                Duration wait = retry.delay(1, ThreadLocalRandom.current()::nextDouble, a.retryAfter());
                try (LogContext ignored = DeliveryLogs.of(r)) {
                    LOG.info("callback {} of call {} to {} failed ({}); parked, next attempt in {} ms",
                            r.command(), r.callId(), r.address(), a.describe(), wait.toMillis());
                }
                metrics.retried();
                return park(r, 1, now, clock.millis() + wait.toMillis(), a.describe(), a.status());
            }
            metrics.delivered(a.refused() ? "refused" : "dead_lettered", took);
            return deadLetters.write(r, 1, a);
        });
    }

    /** One attempt in the app's lane; fails with {@link Lease.FencedException} when the lease is revoked before it starts. */
    private CompletableFuture<CallbackSender.Attempt> attempt(CallbackRequest r, Lease lease) {
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("delivery stopped"));
        }
        return limiter.run(r.sdkAppId(), () -> lease.isRevoked() ? CompletableFuture.failedFuture(new Lease.FencedException())
                : lease.isHandedOver() ? CompletableFuture.failedFuture(new Lease.HandedOverException())
                : sender.send(r)).handle((result, ex) -> {
                    if (is(ex, Lease.FencedException.class)) {
                        throw new Lease.FencedException();
                    }
                    if (is(ex, Lease.HandedOverException.class)) {
                        throw new Lease.HandedOverException();
                    }
                    CallbackSender.Attempt a = ex != null ? new CallbackSender.Attempt(0, ex.toString(), false) : result;
                    if (a.delivered()) {
                        health.succeeded(r.address());
                    } else if (a.retryable()) {
                        health.failed(r.address(), clock.millis());
                        disabling.afterFailure(r);
                    }
                    return a;
                });
    }

    private static boolean is(Throwable ex, Class<? extends Throwable> type) {
        return ex != null && (type.isInstance(ex) || type.isInstance(ex.getCause()));
    }

    private CompletableFuture<Void> park(CallbackRequest r, int attempts, long firstAttemptAt, long dueAt, String why, int status) {
        Parked p = new Parked(Parked.RETRY, UUID.randomUUID().toString(), r, attempts, firstAttemptAt, dueAt, why, status);
        parked.add(p.callKey(), p.parkId());
        metrics.parked();
        return parking.write(p);
    }

    /** Waits for the parked callback's due time, tries it, and re-parks it until it is delivered or given up. */
    private CompletableFuture<Void> retryParked(Parked mine, Supplier<Parked> latest, Lease lease) {
        Parked read = latest.get();
        Parked p = read.done() || read.attempts() > mine.attempts() ? read : mine;
        if (p.done()) {
            return CompletableFuture.completedFuture(null);
        }
        if (lease.isRevoked()) {
            return CompletableFuture.failedFuture(new Lease.FencedException());
        }
        long wait = p.dueAt() - clock.millis();
        if (wait > 0) {
            CompletableFuture<Void> due = new CompletableFuture<>();
            scheduler.schedule(() -> due.complete(null), wait, TimeUnit.MILLISECONDS);
            return CompletableFuture.anyOf(due, lease.revocation()).thenCompose(v -> retryParked(p, latest, lease));
        }
        if (lease.isRevoked()) {
            return CompletableFuture.failedFuture(new Lease.FencedException());
        }
        long disabledAt = disabling.disabledAt(p.request());
        if (disabledAt > 0) {
            return disabling.refuse(p.request(), p.attempts(), disabledAt).thenCompose(v -> finish(p));
        }
        int n = p.attempts() + 1;
        long startNanos = System.nanoTime();
        return attempt(p.request(), lease).thenCompose(a -> {
            Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
            Duration age = Duration.ofMillis(clock.millis() - p.firstAttemptAt());
            if (a.delivered()) {
                try (LogContext ignored = DeliveryLogs.of(p.request())) {
                    LOG.info("parked callback {} of call {} delivered to {} at attempt {}", p.request().command(),
                            p.request().callId(), p.request().address(), n);
                }
                metrics.delivered("delivered", took);
                return finish(p);
            }
            if (a.retryable() && retry.canRetry(n, age)) {
                Duration next = retry.delay(n, ThreadLocalRandom.current()::nextDouble, a.retryAfter());
                try (LogContext ignored = DeliveryLogs.of(p.request())) {
                    LOG.info("parked callback {} of call {} to {} failed ({}), attempt {}; next in {} ms",
                            p.request().command(), p.request().callId(), p.request().address(), a.describe(), n,
                            next.toMillis());
                }
                metrics.retried();
                Parked again = p.next(n, clock.millis() + next.toMillis(), a.describe(), a.status());
                return parking.write(again).thenCompose(v -> retryParked(again, latest, lease));
            }
            metrics.delivered(a.refused() ? "refused" : "dead_lettered", took);
            return deadLetters.write(p.request(), n, a).thenCompose(v -> finish(p));
        });
    }

    private CompletableFuture<Void> finish(Parked p) {
        return parking.write(p.asDone()).thenRun(() -> parked.remove(p.callKey(), p.parkId()));
    }

    void stop() {
        running = false;
    }
}

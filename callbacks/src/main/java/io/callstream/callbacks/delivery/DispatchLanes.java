package io.callstream.callbacks.delivery;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and matches the records of {@code call-events} (and submits the end calls of
 * {@code call-summaries}) off the consumer's thread, fairly between apps: each SDKAppID has its own queue,
 * worked by one of {@code callbacks.dispatch.threads} threads at a time in the order its records were read
 * (so a call's records reach the {@link DeliveryEngine} in order), and the apps with work take turns of
 * {@link #TURN} records. A flood for one app (e.g. one whose subscriber is dead, each of its callbacks
 * parked) then delays another app's record by at most a turn, not by the whole flood read before it.
 */
final class DispatchLanes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLanes.class);
    /** Records of one app handled before the next app with work gets its turn. */
    static final int TURN = 16;

    private static final class AppQueue {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        boolean scheduled;
    }

    private final ExecutorService threads;
    private final Map<Long, AppQueue> queues = new HashMap<>();

    DispatchLanes(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("callbacks.dispatch.threads must be at least 1, not " + count);
        }
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newFixedThreadPool(count, r -> {
            Thread t = new Thread(r, "callback-dispatch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} after the tasks given before for the same app. */
    void execute(long sdkAppId, Runnable task) {
        AppQueue q;
        boolean schedule;
        synchronized (this) {
            q = queues.computeIfAbsent(sdkAppId, k -> new AppQueue());
            q.tasks.addLast(task);
            schedule = !q.scheduled;
            q.scheduled = true;
        }
        if (schedule) {
            threads.execute(() -> turn(sdkAppId, q));
        }
    }

    /**
     * Runs {@code work} in the app's queue; the returned future completes as the future it returns
     * (exceptionally when it throws).
     */
    CompletableFuture<Void> submit(long sdkAppId, Supplier<CompletableFuture<Void>> work) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        execute(sdkAppId, () -> {
            try {
                work.get().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** One turn of an app: up to {@link #TURN} of its tasks, then (if it has more) back in line behind the others. */
    private void turn(long sdkAppId, AppQueue q) {
        for (int i = 0; i < TURN; i++) {
            Runnable task;
            synchronized (this) {
                task = q.tasks.pollFirst();
                if (task == null) {
                    q.scheduled = false;
                    queues.remove(sdkAppId, q);
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("dispatch of a record of SDKAppID {} failed: {}", sdkAppId, e.toString(), e);
            }
        }
        try {
            threads.execute(() -> turn(sdkAppId, q));
        } catch (RejectedExecutionException closing) {
            LOG.warn("dispatch closed with records of SDKAppID {} queued (read again by the partition's next owner)", sdkAppId);
        }
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
    }
}

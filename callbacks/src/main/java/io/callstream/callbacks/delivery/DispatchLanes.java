package io.callstream.callbacks.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A few single-thread lanes that decode and match the records of {@code call-events} (and submit the
 * end calls of {@code call-summaries}) off the consumer's thread: a record goes to the lane of its call
 * (the hash of its CallId), so a call's records are submitted to the {@link DeliveryEngine} in the order
 * they were read, while the consumer goes on reading the records behind them.
 */
final class DispatchLanes implements AutoCloseable {

    private final ExecutorService[] lanes;

    DispatchLanes(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("callbacks.dispatch.threads must be at least 1, not " + count);
        }
        lanes = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            String name = "callback-dispatch-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Runs {@code task} in the lane of {@code callId}, after the tasks given to that lane before. */
    void execute(String callId, Runnable task) {
        int lane = callId == null ? 0 : Math.floorMod(callId.hashCode(), lanes.length);
        lanes[lane].execute(task);
    }

    /**
     * Runs {@code work} in the lane of {@code callId}; the returned future completes as the future it returns
     * (exceptionally when it throws).
     */
    CompletableFuture<Void> submit(String callId, Supplier<CompletableFuture<Void>> work) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        execute(callId, () -> {
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

    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        for (ExecutorService lane : lanes) {
            try {
                lane.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lane.shutdownNow();
        }
    }
}

package io.callstream.callbacks.delivery;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code limit} concurrent HTTP attempts per SDKAppID; the rest wait in that app's queue, so a
 * slow subscriber uses its own slots and never the slots of another app.
 */
final class AppLimiter {

    private final int limit;
    private final Map<Long, Lane> lanes = new HashMap<>();

    private static final class Lane {
        int running;
        final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    }

    AppLimiter(int limit) {
        this.limit = limit;
    }

    <T> CompletableFuture<T> run(long sdkAppId, Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> task.get().whenComplete((v, e) -> {
            release(sdkAppId);
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        });
        boolean now;
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(sdkAppId, k -> new Lane());
            now = lane.running < limit;
            if (now) {
                lane.running++;
            } else {
                lane.waiting.addLast(start);
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    /** Callbacks of the app waiting for a slot (not counting those running). */
    synchronized int queued(long sdkAppId) {
        Lane lane = lanes.get(sdkAppId);
        return lane == null ? 0 : lane.waiting.size();
    }

    private void release(long sdkAppId) {
        Runnable next;
        synchronized (this) {
            Lane lane = lanes.get(sdkAppId);
            next = lane.waiting.pollFirst();
            if (next == null) {
                lane.running--;
                if (lane.running == 0) {
                    lanes.remove(sdkAppId);
                }
            }
        }
        if (next != null) {
            next.run();
        }
    }
}

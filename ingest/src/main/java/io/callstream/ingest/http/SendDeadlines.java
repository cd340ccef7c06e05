package io.callstream.ingest.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The send timeouts of one event loop, with one Vert.x timer per tick instead of one timer set and
 * cancelled per request (a profile finding: the per-request timer's map and scheduled-task work was
 * ~3 % of ingest's samples). Every write on a context has the same timeout, so its deadlines come in
 * order: a FIFO queue, checked every tick (a tenth of the timeout, 1–100 ms) while it is not empty.
 * A timeout therefore fires up to one tick late. Entries answered already are dropped from the head
 * on each tick. Only used on its context's thread.
 */
final class SendDeadlines {

    private static final String KEY = "callstream.sendDeadlines";

    private record Entry(long deadline, AtomicBoolean answered, Runnable onTimeout) {
    }

    private final Vertx vertx;
    private final long timeoutNanos;
    private final long tickMs;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private boolean ticking;

    private SendDeadlines(Vertx vertx, long timeoutMs) {
        this.vertx = vertx;
        this.timeoutNanos = timeoutMs * 1_000_000L;
        this.tickMs = Math.max(1, Math.min(100, timeoutMs / 10));
    }

    /** The context-data key of the deadlines for this timeout (computed once, not per request). */
    static String key(long timeoutMs) {
        return KEY + timeoutMs;
    }

    /** The deadlines of this (event-loop) context for {@code key(timeoutMs)}, created on first use. */
    static SendDeadlines of(Context ctx, String key, long timeoutMs) {
        SendDeadlines d = ctx.get(key);
        if (d == null) {
            d = new SendDeadlines(ctx.owner(), timeoutMs);
            ctx.put(key, d);
        }
        return d;
    }

    /**
     * Runs {@code onTimeout} on this context once the timeout has passed, unless {@code answered} is
     * set by then; {@code onTimeout} decides for itself (compare-and-set) whether it still answers.
     */
    void add(AtomicBoolean answered, Runnable onTimeout) {
        queue.addLast(new Entry(System.nanoTime() + timeoutNanos, answered, onTimeout));
        if (!ticking) {
            ticking = true;
            vertx.setTimer(tickMs, this::tick);
        }
    }

    private void tick(long timerId) {
        long now = System.nanoTime();
        Entry e;
        while ((e = queue.peekFirst()) != null && (e.answered.get() || e.deadline - now <= 0)) {
            queue.pollFirst();
            if (!e.answered.get()) {
                e.onTimeout.run();
            }
        }
        if (queue.isEmpty()) {
            ticking = false;
        } else {
            vertx.setTimer(tickMs, this::tick);
        }
    }
}

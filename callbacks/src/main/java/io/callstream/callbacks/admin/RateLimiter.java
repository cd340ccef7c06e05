package io.callstream.callbacks.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Calls per second per key (SDKAppID and API generation) in fixed one-second windows, per instance:
 * the documented limits are 10/s for the legacy API and 200/s for the newer one.
 */
final class RateLimiter {

    private final int perSecond;
    private final LongSupplier millisClock;
    private final Map<Long, Window> windows = new ConcurrentHashMap<>();

    private record Window(long second, int count) {
    }

    RateLimiter(int perSecond, LongSupplier millisClock) {
        this.perSecond = perSecond;
        this.millisClock = millisClock;
    }

    /** True when the call is allowed (and counted). */
    boolean tryAcquire(long key) {
        long second = millisClock.getAsLong() / 1000;
        Window w = windows.compute(key, (k, old) -> old == null || old.second() != second
                ? new Window(second, 1) : new Window(second, old.count() + 1));
        return w.count() <= perSecond;
    }
}

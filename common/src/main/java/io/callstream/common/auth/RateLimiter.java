package io.callstream.common.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Calls per second per SDKAppID in fixed one-second windows, per instance; one limiter per API (the
 * documented limits are 10/s for the legacy callback API and 200/s for the newer one).
 */
public final class RateLimiter {

    private final int perSecond;
    private final LongSupplier millisClock;
    private final Map<Long, Window> windows = new ConcurrentHashMap<>();

    private record Window(long second, int count) {
    }

    public RateLimiter(int perSecond, LongSupplier millisClock) {
        this.perSecond = perSecond;
        this.millisClock = millisClock;
    }

    /** True when the call is allowed (and counted). */
    public boolean tryAcquire(long sdkAppId) {
        long second = millisClock.getAsLong() / 1000;
        Window w = windows.compute(sdkAppId, (k, old) -> old == null || old.second() != second
                ? new Window(second, 1) : new Window(second, old.count() + 1));
        return w.count() <= perSecond;
    }
}

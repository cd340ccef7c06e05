package io.callstream.common.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed authentications per source address in fixed one-minute windows, per instance: once a source
 * reached the limit, its further calls are refused before their UserSig is checked, whatever app they
 * name, so guessing UserSigs cannot spend an app's call rate (that limit counts authenticated calls only).
 * Holds at most {@value #MAX_SOURCES} sources (all are forgotten when a new window starts with more).
 */
public final class FailureLimiter {

    static final int MAX_SOURCES = 100_000;

    private final int perMinute;
    private final LongSupplier millisClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long minute, int failures) {
    }

    public FailureLimiter(int perMinute, LongSupplier millisClock) {
        this.perMinute = perMinute;
        this.millisClock = millisClock;
    }

    /** True when {@code source} has used up its failures in the current minute. */
    public boolean blocked(String source) {
        Window w = windows.get(key(source));
        return w != null && w.minute() == minute() && w.failures() >= perMinute;
    }

    /** Counts one failed authentication from {@code source}. */
    public void failed(String source) {
        long minute = minute();
        if (windows.size() >= MAX_SOURCES) {
            windows.values().removeIf(w -> w.minute() != minute);
        }
        windows.compute(key(source), (k, old) -> old == null || old.minute() != minute
                ? new Window(minute, 1) : new Window(minute, old.failures() + 1));
    }

    private long minute() {
        return millisClock.getAsLong() / 60_000;
    }

    private static String key(String source) {
        return source == null ? "" : source;
    }
}

package io.callstream.callbacks.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance saw of each subscriber address lately: since when its attempts fail (no success in
 * between) and when the last one failed. While the last failure is more recent than the first retry delay,
 * a new callback for that address is parked at once instead of being tried (a circuit breaker), so a dead
 * subscriber costs one Kafka write per callback, not a connection attempt.
 */
final class EndpointHealth {

    private record State(long failingSince, long lastFailure) {
    }

    private final Map<String, State> failing = new ConcurrentHashMap<>();
    private final long openMillis;

    EndpointHealth(long openMillis) {
        this.openMillis = openMillis;
    }

    void succeeded(String address) {
        failing.remove(address);
    }

    void failed(String address, long now) {
        failing.merge(address, new State(now, now), (old, n) -> new State(old.failingSince(), now));
    }

    /** True while the address failed less than the first retry delay ago. */
    boolean isOpen(String address, long now) {
        State s = failing.get(address);
        return s != null && now - s.lastFailure() < openMillis;
    }

    /** Since when the address fails, or -1 when it does not. */
    long failingSince(String address) {
        State s = failing.get(address);
        return s == null ? -1 : s.failingSince();
    }
}

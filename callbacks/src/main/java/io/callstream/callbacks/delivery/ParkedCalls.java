package io.callstream.callbacks.delivery;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls (SDKAppID/CallId) that have callbacks parked on the retry topic, with their parkIds: a new
 * callback of such a call is parked behind them instead of being sent, so a call's callbacks keep their
 * order. Filled as callbacks are parked and as the retry topic is read (so it is rebuilt after a restart
 * from the retry partitions this instance owns; with co-partitioned topics these are the partitions of
 * the calls it reads), emptied as they finish.
 */
final class ParkedCalls {

    private final Map<String, Set<String>> calls = new ConcurrentHashMap<>();

    void add(String callKey, String parkId) {
        calls.compute(callKey, (k, set) -> {
            Set<String> s = set == null ? new HashSet<>() : set;
            s.add(parkId);
            return s;
        });
    }

    void remove(String callKey, String parkId) {
        calls.computeIfPresent(callKey, (k, set) -> {
            set.remove(parkId);
            return set.isEmpty() ? null : set;
        });
    }

    boolean has(String callKey) {
        return calls.containsKey(callKey);
    }

    int calls() {
        return calls.size();
    }
}

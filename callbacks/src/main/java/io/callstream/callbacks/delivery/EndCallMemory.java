package io.callstream.callbacks.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which {@code Call.CallbackAfterEndCall} each call got, so that a call's end is sent once and again only
 * when a later summary revision changes its {@code CallResult}: the newest revision seen and the result
 * last sent, for the {@code capacity} calls seen most recently (in memory, per instance). A call it does
 * not remember (after a restart, a rebalance, or evicted) is sent: delivery is at least once.
 */
final class EndCallMemory {

    private record Sent(int revision, String result) {
    }

    private final Map<String, Sent> calls;

    EndCallMemory(int capacity) {
        this.calls = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Records the summary's revision and tells whether its end call goes out: yes for a call not
     * remembered or whose result changed; no for a revision not newer than one seen (a summary read
     * again) or with the result already sent.
     */
    synchronized boolean shouldSend(long sdkAppId, String callId, int revision, String result) {
        String key = sdkAppId + ":" + callId;
        Sent before = calls.get(key);
        if (before != null && revision <= before.revision()) {
            return false;
        }
        boolean send = before == null || !before.result().equals(result);
        calls.put(key, new Sent(revision, send ? result : before.result()));
        return send;
    }
}

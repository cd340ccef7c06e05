package io.callstream.processor.session;

import io.callstream.avro.CallEvent;
import io.callstream.processor.state.CallSession;

/**
 * The identity of a call session: (SDKAppID, CallId). Two apps may use the same CallId; their calls
 * are different sessions. Topic call-events stays keyed by callId (both land on one partition), the
 * stores are keyed by {@link #storeKey()}.
 */
public record SessionKey(long sdkAppId, String callId) {

    public static SessionKey of(CallEvent e) {
        return new SessionKey(e.getSdkAppId(), e.getCallId());
    }

    /**
     * The identity of the session stored under {@code storeKey}. A key without the SDKAppID prefix
     * was written before sessions were keyed by app (the callId alone): its app is the session's.
     */
    public static SessionKey fromStoreKey(String storeKey, CallSession s) {
        int colon = storeKey.indexOf(':');
        if (colon > 0 && storeKey.substring(0, colon).equals(Long.toString(s.getSdkAppId()))) {
            return new SessionKey(s.getSdkAppId(), storeKey.substring(colon + 1));
        }
        return new SessionKey(s.getSdkAppId(), storeKey);
    }

    /** The key in stores call-sessions and call-session-timers: {@code sdkAppId + ":" + callId}. */
    public String storeKey() {
        return sdkAppId + ":" + callId;
    }

    /**
     * The {@code alertId} of this call's alert for {@code calleeId}, {@code sdkAppId:callId:calleeId}:
     * the same on every emission, and unique across apps (userIds and callIds are only unique within one).
     */
    public String alertId(String calleeId) {
        return sdkAppId + ":" + callId + ":" + calleeId;
    }

    @Override
    public String toString() {
        return storeKey();
    }
}

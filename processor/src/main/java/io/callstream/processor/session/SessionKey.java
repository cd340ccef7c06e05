package io.callstream.processor.session;

import io.callstream.avro.CallEvent;

/** The identity of a call session: its SDKAppID and its CallId. */
public record SessionKey(long sdkAppId, String callId) {

    public static SessionKey of(CallEvent e) {
        return new SessionKey(e.getSdkAppId(), e.getCallId());
    }

    /** The {@code alertId} of this call's alert for {@code calleeId}: the same on every emission. */
    public String alertId(String calleeId) {
        return callId + ":" + calleeId;
    }
}

package io.callstream.deploy.traffic;

/**
 * Which callback families one generated call is sent in (callkit-callbacks.md section 1,
 * callkit-v4-and-records.md sections 2 and 3). The same call, told by each family as TUICallKit
 * tells it; {@link CallbackFormat#MIXED} picks one of these per call.
 */
public enum CallFamilies {
    /** v1 event callbacks of both sides ({@code start_call}, {@code receive_call}, ...). */
    V1("v1", true, false, false),
    /** The v1 event callbacks plus the v1 call status callback after the call ended (authoritative end). */
    V1_STATUS("v1-status", true, true, false),
    /** {@code Call.CallbackAfterStartCall}, {@code Call.CallbackAfterMemberChanged} per change, {@code Call.CallbackAfterEndCall}. */
    V4("v4", false, false, true),
    /** A backend that sends both generations for the same CallId: every v1 event callback and every v4 callback. */
    V1_AND_V4("v1+v4", true, false, true);

    private final String label;
    private final boolean v1Events;
    private final boolean v1Status;
    private final boolean v4;

    CallFamilies(String label, boolean v1Events, boolean v1Status, boolean v4) {
        this.label = label;
        this.v1Events = v1Events;
        this.v1Status = v1Status;
        this.v4 = v4;
    }

    public String label() {
        return label;
    }

    public boolean v1Events() {
        return v1Events;
    }

    public boolean v1Status() {
        return v1Status;
    }

    public boolean v4() {
        return v4;
    }
}

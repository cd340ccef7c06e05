package io.callstream.deploy.traffic;

import java.util.Locale;

/** The kinds of call the traffic generator makes; each has its callbacks and expected results. */
public enum Scenario {
    /** 1:1, the callee answers, one side hangs up: COMPLETED, no alert. */
    ANSWERED,
    /** 1:1, the callee does not answer: MISSED, an alert NO_ANSWER. */
    MISSED,
    /** 1:1, the callee rejects: REJECTED, no alert. */
    REJECTED,
    /**
     * 1:1, the callee's line is busy: BUSY. v1 events come from the caller only (no known callee, no
     * alert); a v4 start call names the callee, so it is BUSY with an alert BUSY.
     */
    BUSY,
    /** 1:1, the caller cancels while it rings: CANCELLED, an alert CALLER_CANCELLED. */
    CANCELLED,
    /** Group call with 2-4 callees answering, missing, rejecting or having their invitation cancelled; invite and join. */
    GROUP,
    /** 1:1, answered, then one side's heartbeat expires: INTERRUPTED, no alert. */
    OFFLINE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scenario parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario '" + s + "'; known: answered, missed, rejected,"
                    + " busy, cancelled, group, offline");
        }
    }
}

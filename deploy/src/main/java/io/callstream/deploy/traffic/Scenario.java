package io.callstream.deploy.traffic;

import java.util.Locale;

/** The kinds of call the traffic generator makes; each has its webhooks and expected results. */
public enum Scenario {
    /** 1:1, the callee answers, both hang up normally: COMPLETED, no alert. */
    ANSWERED,
    /** 1:1, the callee does not answer: MISSED, an alert NO_ANSWER. */
    MISSED,
    /** 1:1, the callee rejects: REJECTED, no alert. */
    REJECTED,
    /** 1:1, the callee's line is busy and only the caller reports: BUSY, no alert (no known callee). */
    BUSY,
    /** 1:1, the caller cancels while it rings: CANCELLED, an alert CALLER_CANCELLED. */
    CANCELLED,
    /** Group call with 2-4 callees, each answering, missing or rejecting. */
    GROUP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scenario parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario '" + s + "'; known: answered, missed, rejected,"
                    + " busy, cancelled, group");
        }
    }
}

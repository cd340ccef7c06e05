package io.callstream.processor.session;

/**
 * Bits of what the events of a call said, kept as an int set in the stored session. A session
 * only ever adds facts, and every outcome is derived from the set, so the result does not
 * depend on the order the events arrived in.
 */
public final class Facts {

    public static final int STARTED = 1;
    public static final int RECEIVED = 1 << 1;
    public static final int ANSWERED = 1 << 2;
    public static final int MISSED = 1 << 3;
    public static final int REJECTED = 1 << 4;
    public static final int BUSY = 1 << 5;
    public static final int CANCELLED = 1 << 6;
    public static final int FAILED = 1 << 7;
    public static final int ENDED = 1 << 8;
    public static final int INTERRUPTED = 1 << 9;
    /** The participant itself reported an event that ends its part in the call. */
    public static final int OWN_TERMINAL = 1 << 10;
    /** Bookkeeping, not an event fact: this callee's missed-call alert was sent. */
    public static final int ALERTED = 1 << 11;
    /** Call level: an end-of-call record (v4 end call, v1 status callback) was merged; it decides the call. */
    public static final int RECORDED = 1 << 12;
    /** Call level: the start time came from an end-of-call record (ordinary events no longer move it). */
    public static final int RECORD_START = 1 << 13;
    /** Call level: the answer time came from an end-of-call record. */
    public static final int RECORD_ACCEPT = 1 << 14;
    /** Call level: the end time came from an end-of-call record. */
    public static final int RECORD_END = 1 << 15;

    private Facts() {
    }

    public static boolean has(int facts, int bit) {
        return (facts & bit) != 0;
    }
}

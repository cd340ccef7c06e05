package io.callstream.processor.session;

import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;

/**
 * A participant's derived outcome; {@code missedReason} is set when the outcome calls for a
 * missed-call alert (MISSED or BUSY), null otherwise. {@code inferred} marks an outcome concluded
 * only from the call having ended (no event about this participant said so): the other side's
 * callbacks may still show an answer, so its alert waits until the session closes.
 */
public record Verdict(ParticipantOutcome outcome, MissedReason missedReason, boolean inferred) {

    public static final Verdict UNKNOWN = new Verdict(ParticipantOutcome.UNKNOWN, null);

    public Verdict(ParticipantOutcome outcome, MissedReason missedReason) {
        this(outcome, missedReason, false);
    }

    static Verdict of(ParticipantOutcome outcome) {
        return new Verdict(outcome, null);
    }

    static Verdict missed(MissedReason reason) {
        return new Verdict(ParticipantOutcome.MISSED, reason);
    }

    /** True when this outcome is decided (not UNKNOWN). */
    public boolean decided() {
        return outcome != ParticipantOutcome.UNKNOWN;
    }

    /** True when the participant answered (ANSWERED, or INTERRUPTED after an answer). */
    public boolean answered() {
        return outcome == ParticipantOutcome.ANSWERED || outcome == ParticipantOutcome.INTERRUPTED;
    }

    /** True when this outcome earns the callee a missed-call alert. */
    public boolean alertable() {
        return missedReason != null;
    }
}

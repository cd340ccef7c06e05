package io.callstream.processor.session;

import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;

/**
 * A participant's derived outcome; {@code missedReason} is set when the outcome calls for a
 * missed-call alert (MISSED or BUSY), null otherwise.
 */
public record Verdict(ParticipantOutcome outcome, MissedReason missedReason) {

    public static final Verdict UNKNOWN = new Verdict(ParticipantOutcome.UNKNOWN, null);

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

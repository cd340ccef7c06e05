package io.callstream.processor.session;

import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.processor.state.CallSession;
import io.callstream.processor.state.ParticipantState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the callees of a session who MISSED, were BUSY or were CANCELLED on and have not been
 * alerted yet, and builds their {@link MissedCallAlert} (topic missed-call-alerts). It only reads
 * the session: {@link SessionLifecycle} marks the callees it alerts.
 */
public final class MissedCallDetector {

    /** A callee to alert, and why. */
    public record Miss(ParticipantState callee, MissedReason reason) {
    }

    private MissedCallDetector() {
    }

    /**
     * The callees whose alert is due. Unless {@code releaseInferred}, a miss inferred only from the call
     * having ended is held back: the callee's own accept may still arrive, and an alert cannot be taken
     * back ({@link SessionLifecycle} says when it is due).
     */
    public static List<Miss> newMisses(CallSession s, CallView view, boolean releaseInferred) {
        List<Miss> misses = List.of();
        for (int i = 0; i < s.getParticipants().size(); i++) {
            ParticipantState p = s.getParticipants().get(i);
            Verdict v = view.verdicts().get(i);
            if (p.getRole() != CallRole.CALLEE.ordinal() || !v.alertable() || Facts.has(p.getFacts(), Facts.ALERTED)
                    || (v.inferred() && !releaseInferred)) {
                continue;
            }
            if (misses.isEmpty()) {
                misses = new ArrayList<>(2);
            }
            misses.add(new Miss(p, v.missedReason()));
        }
        return misses;
    }

    /**
     * The alert for {@code miss}.
     *
     * @param key       the session's identity (the alert's {@code sdkAppId}, {@code callId} and {@code alertId})
     * @param timeoutAt wall-clock time of the idle timeout that closed the call, or null when events revealed the miss
     */
    public static MissedCallAlert alert(SessionKey key, CallSession s, Miss miss, Long timeoutAt) {
        ParticipantState p = miss.callee();
        long started = SummaryBuilder.startedAt(s);
        boolean timedOut = miss.reason() == MissedReason.TIMED_OUT && timeoutAt != null;
        long detected = timedOut ? timeoutAt
                : p.getLeftAt() != null ? p.getLeftAt() : s.getEndHint() != null ? s.getEndHint() : s.getLastEventAt();
        Long ring = timedOut || detected < started ? null : detected - started;
        return MissedCallAlert.newBuilder()
                .setAlertId(key.alertId(p.getUserId()))
                .setSdkAppId(key.sdkAppId())
                .setCallId(key.callId())
                .setCalleeId(p.getUserId())
                .setCallerId(s.getCallerId())
                .setCallType(CallType.values()[s.getCallType()])
                .setMediaType(MediaType.values()[s.getMediaType()])
                .setReason(miss.reason())
                .setCallStartedAt(Instant.ofEpochMilli(started))
                .setDetectedAt(Instant.ofEpochMilli(detected))
                .setRingDurationMs(ring)
                .build();
    }
}

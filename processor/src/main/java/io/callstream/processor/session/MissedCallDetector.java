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
 * Finds the callees who newly MISSED, were BUSY or were CANCELLED on (topic missed-call-alerts)
 * and remembers them in the session, so that each (call, callee) is alerted exactly once, as soon
 * as the miss is known.
 */
public final class MissedCallDetector {

    private MissedCallDetector() {
    }

    /**
     * The alerts not sent yet; marks them sent in {@code s}.
     *
     * @param timeoutAt wall-clock time of the idle timeout that closed the call, or null when an event revealed the miss
     */
    public static List<MissedCallAlert> detect(String callId, CallSession s, CallView view, Long timeoutAt) {
        return detect(callId, s, view, timeoutAt, true);
    }

    /**
     * The alerts not sent yet. With {@code final_ == false} (the session stays open), a miss
     * inferred only from the call having ended is held back: the callee's own accept may still
     * arrive, and an alert cannot be taken back. It goes out when the session closes.
     */
    public static List<MissedCallAlert> detect(String callId, CallSession s, CallView view, Long timeoutAt,
                                               boolean final_) {
        List<MissedCallAlert> alerts = List.of();
        for (int i = 0; i < s.getParticipants().size(); i++) {
            ParticipantState p = s.getParticipants().get(i);
            Verdict v = view.verdicts().get(i);
            if (p.getRole() == CallRole.CALLER.ordinal() || !v.alertable() || Facts.has(p.getFacts(), Facts.ALERTED)
                    || (v.inferred() && !final_)) {
                continue;
            }
            p.setFacts(p.getFacts() | Facts.ALERTED);
            if (alerts.isEmpty()) {
                alerts = new ArrayList<>(2);
            }
            alerts.add(alert(callId, s, p, v.missedReason(), timeoutAt));
        }
        return alerts;
    }

    private static MissedCallAlert alert(String callId, CallSession s, ParticipantState p, MissedReason reason,
                                         Long timeoutAt) {
        long started = SummaryBuilder.startedAt(s);
        boolean timedOut = reason == MissedReason.TIMED_OUT && timeoutAt != null;
        long detected = timedOut ? timeoutAt
                : p.getLeftAt() != null ? p.getLeftAt() : s.getEndHint() != null ? s.getEndHint() : s.getLastEventAt();
        Long ring = timedOut || detected < started ? null : detected - started;
        return MissedCallAlert.newBuilder()
                .setAlertId(callId + ":" + p.getUserId())
                .setSdkAppId(s.getSdkAppId())
                .setCallId(callId)
                .setCalleeId(p.getUserId())
                .setCallerId(s.getCallerId())
                .setCallType(CallType.values()[s.getCallType()])
                .setMediaType(MediaType.values()[s.getMediaType()])
                .setReason(reason)
                .setCallStartedAt(Instant.ofEpochMilli(started))
                .setDetectedAt(Instant.ofEpochMilli(detected))
                .setRingDurationMs(ring)
                .build();
    }
}

package io.callstream.processor.session;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.Participant;
import io.callstream.processor.state.CallSession;
import io.callstream.processor.state.ParticipantState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link CallSummary} of a session (topic call-summaries) and its fingerprint: a hash
 * of everything a revision is about (outcome, participants and their outcomes, timestamps), but
 * not of the counters, so that a late duplicate does not make a new revision.
 */
public final class SummaryBuilder {

    private SummaryBuilder() {
    }

    public static long startedAt(CallSession s) {
        return s.getStartHint() != null ? s.getStartHint() : s.getFirstEventAt();
    }

    public static long endedAt(CallSession s) {
        return Math.max(s.getEndHint() != null ? s.getEndHint() : s.getLastEventAt(), startedAt(s));
    }

    /** The summary of {@code s} as {@code view} sees it. */
    public static CallSummary build(SessionKey key, CallSession s, CallView view, ClosedBy closedBy, int revision) {
        long started = startedAt(s);
        long ended = endedAt(s);
        Long answered = view.answered() ? s.getAnsweredAt() : null;
        boolean single = OutcomeRules.isSingle(s);
        List<Participant> participants = new ArrayList<>(s.getParticipants().size());
        for (int i = 0; i < s.getParticipants().size(); i++) {
            ParticipantState p = s.getParticipants().get(i);
            Verdict v = view.verdicts().get(i);
            boolean caller = p.getRole() == CallRole.CALLER.ordinal();
            Long joined = caller ? Long.valueOf(started)
                    : p.getJoinedAt() != null ? p.getJoinedAt() : v.answered() && single ? answered : null;
            Long left = p.getLeftAt() != null ? p.getLeftAt() : joined != null ? Long.valueOf(ended) : null;
            participants.add(Participant.newBuilder()
                    .setUserId(p.getUserId())
                    .setRole(CallRole.values()[p.getRole()])
                    .setOutcome(v.outcome())
                    .setJoinedAt(instant(joined))
                    .setLeftAt(instant(left))
                    .build());
        }
        return CallSummary.newBuilder()
                .setCallId(key.callId())
                .setSdkAppId(key.sdkAppId())
                .setRoomId(s.getRoomId())
                .setCallType(CallType.values()[s.getCallType()])
                .setMediaType(MediaType.values()[s.getMediaType()])
                .setCallerId(s.getCallerId())
                .setOutcome(view.outcome() == null ? CallOutcome.UNKNOWN : view.outcome())
                .setParticipants(participants)
                .setStartedAt(Instant.ofEpochMilli(started))
                .setAnsweredAt(instant(answered))
                .setEndedAt(Instant.ofEpochMilli(ended))
                .setRingDurationMs(answered == null ? null : answered - started)
                .setTalkDurationMs(answered == null ? 0 : Math.max(0, ended - answered))
                .setEventCount(s.getEventCount())
                .setDuplicateCount(s.getDuplicateCount())
                .setClosedBy(closedBy)
                .setRevision(revision)
                .build();
    }

    /** Hash of the parts of a summary whose change makes a new revision. */
    public static long fingerprint(CallSummary summary) {
        // the same text as appending the Instants themselves (IsoInstants), without their formatter's cost
        StringBuilder sb = new StringBuilder(128)
                .append(summary.getOutcome()).append('|').append(summary.getCallerId()).append('|');
        IsoInstants.append(sb, summary.getStartedAt()).append('|');
        IsoInstants.append(sb, summary.getAnsweredAt()).append('|');
        IsoInstants.append(sb, summary.getEndedAt());
        for (Participant p : summary.getParticipants()) {
            sb.append('|').append(p.getUserId()).append(',').append(p.getOutcome()).append(',');
            IsoInstants.append(sb, p.getJoinedAt()).append(',');
            IsoInstants.append(sb, p.getLeftAt());
        }
        return Hash64.of(sb.toString());
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}

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
import java.util.Objects;

/**
 * Builds the {@link CallSummary} of a session (topic call-summaries) and its fingerprint: a hash
 * of everything a revision is about (outcome, participants and their outcomes, timestamps), but
 * not of the counters, so that a late duplicate does not make a new revision.
 */
public final class SummaryBuilder {

    /** The enums by stored ordinal ({@code values()} copies its array on every call). */
    private static final CallRole[] ROLES = CallRole.values();
    private static final CallType[] TYPES = CallType.values();
    private static final MediaType[] MEDIA = MediaType.values();

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
            // all-args constructors, not the builders (a builder allocates its field arrays per record); the
            // builders' null checks of the required fields kept where a value could be null
            participants.add(new Participant(p.getUserId(), ROLES[p.getRole()],
                    Objects.requireNonNull(v.outcome(), "participant outcome"), instant(joined), instant(left)));
        }
        return new CallSummary(key.callId(), key.sdkAppId(), s.getRoomId(), TYPES[s.getCallType()],
                MEDIA[s.getMediaType()], s.getCallerId(),
                view.outcome() == null ? CallOutcome.UNKNOWN : view.outcome(), participants,
                Instant.ofEpochMilli(started), instant(answered), Instant.ofEpochMilli(ended),
                answered == null ? null : answered - started, answered == null ? 0 : Math.max(0, ended - answered),
                s.getEventCount(), s.getDuplicateCount(), Objects.requireNonNull(closedBy, "closedBy"), revision);
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
        return Hash64.of(sb); // the builder's chars, not a copy of them
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}

package io.callstream.processor.session;

import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallSummary;
import io.callstream.avro.Participant;
import java.util.List;

/**
 * The flat rows of topic {@code call-participants}: one {@link CallParticipant} per participant of a
 * summary (revision included), carrying the call's type, media, outcome and times beside the
 * participant's own role, outcome and times, so that a relational sink writes one row per call ×
 * participant. Every revision of a call gives the same keys, so an upserting sink overwrites its rows.
 */
public final class ParticipantRows {

    private ParticipantRows() {
    }

    /** One row per participant of {@code summary}, in the summary's order (caller first). */
    public static List<CallParticipant> of(CallSummary summary) {
        List<Participant> ps = summary.getParticipants();
        CallParticipant[] rows = new CallParticipant[ps.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(summary, ps.get(i));
        }
        return List.of(rows);
    }

    /** The Kafka key of a row, {@code sdkAppId:callId:userId}: unique across apps, the same on every revision. */
    public static String key(CallParticipant row) {
        return row.getSdkAppId() + ":" + row.getCallId() + ":" + row.getUserId();
    }

    private static CallParticipant row(CallSummary s, Participant p) {
        // the all-args constructor in schema order, not the builder (its field arrays per record); every
        // required field comes from a summary that was built with them
        return new CallParticipant(s.getSdkAppId(), s.getCallId(), p.getUserId(), p.getRole(), p.getOutcome(),
                p.getJoinedAt(), p.getLeftAt(), s.getCallType(), s.getMediaType(), s.getOutcome(), s.getStartedAt(),
                s.getAnsweredAt(), s.getEndedAt(), s.getRevision());
    }
}

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
        return summary.getParticipants().stream().map(p -> row(summary, p)).toList();
    }

    /** The Kafka key of a row, {@code sdkAppId:callId:userId}: unique across apps, the same on every revision. */
    public static String key(CallParticipant row) {
        return row.getSdkAppId() + ":" + row.getCallId() + ":" + row.getUserId();
    }

    private static CallParticipant row(CallSummary s, Participant p) {
        return CallParticipant.newBuilder()
                .setSdkAppId(s.getSdkAppId())
                .setCallId(s.getCallId())
                .setUserId(p.getUserId())
                .setRole(p.getRole())
                .setOutcome(p.getOutcome())
                .setJoinedAt(p.getJoinedAt())
                .setLeftAt(p.getLeftAt())
                .setCallType(s.getCallType())
                .setMediaType(s.getMediaType())
                .setCallOutcome(s.getOutcome())
                .setCallStartedAt(s.getStartedAt())
                .setCallAnsweredAt(s.getAnsweredAt())
                .setCallEndedAt(s.getEndedAt())
                .setRevision(s.getRevision())
                .build();
    }
}

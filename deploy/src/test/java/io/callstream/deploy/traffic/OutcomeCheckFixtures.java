package io.callstream.deploy.traffic;

import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import java.util.ArrayList;
import java.util.List;

/** What a correct processor emits for an expected call; shared by unit tests and ITs. */
public final class OutcomeCheckFixtures {

    private OutcomeCheckFixtures() {
    }

    /** The summary and alerts a correct processor emits for an expected call. */
    public static CallSummary summaryFor(ExpectedCall e) {
        List<Participant> ps = new ArrayList<>();
        ps.add(Participant.newBuilder().setUserId(e.callerId()).setRole(CallRole.CALLER)
                .setOutcome(ParticipantOutcome.UNKNOWN).setJoinedAt(null).setLeftAt(null).build());
        e.callees().forEach((u, o) -> ps.add(Participant.newBuilder().setUserId(u).setRole(CallRole.CALLEE)
                .setOutcome(o).setJoinedAt(null).setLeftAt(null).build()));
        return CallSummary.newBuilder().setCallId(e.callId()).setSdkAppId(1400000001L).setRoomId("room")
                .setCallType(e.callType()).setMediaType(e.mediaType()).setCallerId(e.callerId()).setOutcome(e.outcome())
                .setParticipants(ps).setStartedAt(e.startedAt()).setAnsweredAt(e.answeredAt())
                .setEndedAt(e.endedAt()).setRingDurationMs(e.ringDurationMs()).setTalkDurationMs(e.talkDurationMs())
                .setEventCount(4).setDuplicateCount(0).setClosedBy(ClosedBy.EVENTS).setRevision(1).build();
    }

    public static List<MissedCallAlert> alertsFor(ExpectedCall e) {
        List<MissedCallAlert> out = new ArrayList<>();
        e.alerts().forEach((callee, reason) -> out.add(alert(e, callee, reason)));
        return out;
    }

    public static MissedCallAlert alert(ExpectedCall e, String callee, MissedReason reason) {
        return MissedCallAlert.newBuilder().setAlertId("1400000001:" + e.callId() + ":" + callee).setSdkAppId(1400000001L)
                .setCallId(e.callId()).setCalleeId(callee).setCallerId(e.callerId()).setCallType(e.callType())
                .setMediaType(e.mediaType()).setReason(reason).setCallStartedAt(e.startedAt())
                .setDetectedAt(e.startedAt()).setRingDurationMs(null).build();
    }
}

package io.callstream.processor.session;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.Participant;
import io.callstream.processor.state.CallSession;
import io.callstream.processor.state.ParticipantState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session, summary and participant rows are made by the records' all-args constructors, not Avro's
 * builders (whose per-record field arrays and default lookups cost on every event): the records must be the
 * ones the builders make, field for field, schema defaults included.
 */
class BuiltRecordsTest {

    @Test
    void shouldOpenTheSessionTheBuilderWouldWhenACallStarts() {
        CallEvent first = caller("c1", "alice", START_CALL, 0);

        CallSession opened = CallSessionAggregator.newSession(first, 1_234L);

        CallSession expected = CallSession.newBuilder()
                .setSdkAppId(first.getSdkAppId())
                .setCallType(CallType.UNKNOWN.ordinal())
                .setMediaType(MediaType.UNKNOWN.ordinal())
                .setCallFacts(0)
                .setCallerView(0)
                .setFirstEventAt(first.getEventTime().toEpochMilli())
                .setLastEventAt(first.getEventTime().toEpochMilli())
                .setParticipants(new ArrayList<>())
                .setEventIds(ByteBuffer.allocate(0))
                .setEventCount(0)
                .setDuplicateCount(0)
                .setLastActivityWall(1_234L)
                .build();
        assertThat(opened).isEqualTo(expected);
        assertThat(opened.getClosedBy()).as("open: the schema default").isEqualTo(-1);
    }

    @Test
    void shouldAddTheParticipantTheBuilderWouldWhenAUserIsFirstSeen() {
        CallSession s = CallSessionAggregator.newSession(caller("c1", "alice", START_CALL, 0), 0L);
        CallSessionAggregator.merge(s, caller("c1", "alice", START_CALL, 0), 0L);

        assertThat(s.getParticipants()).containsExactly(ParticipantState.newBuilder().setUserId("alice")
                .setRole(io.callstream.avro.CallRole.CALLER.ordinal()).setFacts(s.getParticipants().get(0).getFacts())
                .build());
        assertThat(s.getParticipants().get(0).getJoinedAt()).isNull();
    }

    @Test
    void shouldBuildTheSummaryAndRowsTheBuildersWouldWhenACallCloses() {
        for (List<CallEvent> events : List.of(
                List.of(caller("c1", "alice", START_CALL, 0), callee("c1", "bob", ACCEPT_CALL, 3),
                        caller("c1", "alice", CALL_END, 60), callee("c1", "bob", CALL_END, 60)),
                List.of(caller("c2", "alice", START_CALL, 0), callee("c2", "bob", NOT_ANSWER_CALL, 30)))) {
            CallSession s = CallSessionAggregator.newSession(events.get(0), 0L);
            for (CallEvent e : events) {
                CallSessionAggregator.merge(s, e, 0L);
            }
            SessionKey key = SessionKey.of(events.get(0));
            CallView view = OutcomeRules.evaluate(s, false);

            CallSummary summary = SummaryBuilder.build(key, s, view, ClosedBy.EVENTS, 2);

            assertThat(summary).isEqualTo(viaBuilders(summary));
            List<CallParticipant> rows = ParticipantRows.of(summary);
            assertThat(rows).hasSize(summary.getParticipants().size());
            for (int i = 0; i < rows.size(); i++) {
                Participant p = summary.getParticipants().get(i);
                assertThat(rows.get(i)).isEqualTo(CallParticipant.newBuilder()
                        .setSdkAppId(summary.getSdkAppId()).setCallId(summary.getCallId()).setUserId(p.getUserId())
                        .setRole(p.getRole()).setOutcome(p.getOutcome()).setJoinedAt(p.getJoinedAt())
                        .setLeftAt(p.getLeftAt()).setCallType(summary.getCallType())
                        .setMediaType(summary.getMediaType()).setCallOutcome(summary.getOutcome())
                        .setCallStartedAt(summary.getStartedAt()).setCallAnsweredAt(summary.getAnsweredAt())
                        .setCallEndedAt(summary.getEndedAt()).setRevision(summary.getRevision()).build());
            }
        }
    }

    @Test
    void shouldHashTheFingerprintTextAsAStringWhenGivenTheBuilder() {
        StringBuilder text = new StringBuilder("COMPLETED|alice|2026-12-07T01:00:00Z|null|2026-12-07T01:01:00Z|bob,ANSWERED");

        assertThat(Hash64.of(text)).isEqualTo(Hash64.of(text.toString()));
    }

    /** The summary as the builders make it from the same field values (every builder check applied). */
    private static CallSummary viaBuilders(CallSummary s) {
        List<Participant> ps = new ArrayList<>();
        for (Participant p : s.getParticipants()) {
            ps.add(Participant.newBuilder().setUserId(p.getUserId()).setRole(p.getRole()).setOutcome(p.getOutcome())
                    .setJoinedAt(p.getJoinedAt()).setLeftAt(p.getLeftAt()).build());
        }
        return CallSummary.newBuilder().setCallId(s.getCallId()).setSdkAppId(s.getSdkAppId()).setRoomId(s.getRoomId())
                .setCallType(s.getCallType()).setMediaType(s.getMediaType()).setCallerId(s.getCallerId())
                .setOutcome(s.getOutcome()).setParticipants(ps).setStartedAt(s.getStartedAt())
                .setAnsweredAt(s.getAnsweredAt()).setEndedAt(s.getEndedAt()).setRingDurationMs(s.getRingDurationMs())
                .setTalkDurationMs(s.getTalkDurationMs()).setEventCount(s.getEventCount())
                .setDuplicateCount(s.getDuplicateCount()).setClosedBy(s.getClosedBy()).setRevision(s.getRevision())
                .build();
    }
}

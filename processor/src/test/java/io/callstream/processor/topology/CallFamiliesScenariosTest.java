package io.callstream.processor.topology;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static io.callstream.processor.FamilyEvents.change;
import static io.callstream.processor.FamilyEvents.endCall;
import static io.callstream.processor.FamilyEvents.memberChanged;
import static io.callstream.processor.FamilyEvents.startCall;
import static io.callstream.processor.FamilyEvents.status;
import static io.callstream.processor.topology.CallScenariosTest.alert;
import static io.callstream.processor.topology.CallScenariosTest.calleeP;
import static io.callstream.processor.topology.CallScenariosTest.callerP;
import static io.callstream.processor.topology.CallScenariosTest.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MemberAction;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whole calls of each callback family (v4 start call / member changed / end call, v1 status, and v1
 * and v4 mixed in one call) through the real topology; each asserts the summaries and alerts emitted.
 */
class CallFamiliesScenariosTest {

    private static final List<String> NONE = List.of();

    private final TopologyHarness h = new TopologyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void shouldSummariseCompletedAtTheEndRecordWhenAV4CallIsAnswered() {
        h.send(startCall("c", "alice", List.of("bob"), 0),
                memberChanged("c", 5, List.of("alice", "bob"), NONE, change("bob", MemberAction.ANSWER)),
                memberChanged("c", 65, List.of("bob"), NONE, change("alice", MemberAction.HANG_UP)));
        assertThat(h.summaries()).as("nothing before the record or the settle delay").isEmpty();

        h.send(endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c", summary("c", CallOutcome.COMPLETED, 0, 65, 5,
                List.of(callerP(ParticipantOutcome.ANSWERED, 0, 65), calleeP("bob", ParticipantOutcome.ANSWERED, 5, 65)),
                4, 0, ClosedBy.EVENTS, 1)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldAlertTheCalleeButNeverTheCallerWhenAV4CallIsNotAnswered() {
        h.send(startCall("c", "alice", List.of("bob"), 0),
                memberChanged("c", 30, List.of("alice"), NONE, change("bob", MemberAction.NOT_ANSWER)));
        MissedCallAlert bobAlert = alert("c", "bob", MissedReason.NO_ANSWER, 30, 30000L);
        bobAlert.setCallType(CallType.UNKNOWN); // no callback has said yet whether it is a 1:1 or a group call
        assertThat(h.alerts()).containsExactly(KeyValue.pair("bob", bobAlert));

        // the record's CalleeList_Account names alice, the caller, too
        h.send(endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.NOT_ANSWER, 0, null, 30));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c", summary("c", CallOutcome.MISSED, 0, 30, null,
                List.of(callerP(ParticipantOutcome.MISSED, 0, 30), calleeP("bob", ParticipantOutcome.MISSED, null, 30)),
                3, 0, ClosedBy.EVENTS, 1)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldSummariseRejectedWithoutAlertWhenAV4CalleeRejects() {
        h.send(startCall("c", "alice", List.of("bob"), 0),
                memberChanged("c", 4, List.of("alice"), NONE, change("bob", MemberAction.REJECT)),
                endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.REJECT, 0, null, 4));

        List<KeyValue<String, CallSummary>> summaries = h.summaries();
        assertThat(summaries).extracting(kv -> kv.value.getOutcome(), kv -> kv.value.getRevision())
                .containsExactly(tuple(CallOutcome.REJECTED, 1));
        assertThat(summaries.get(0).value.getParticipants()).extracting(Participant::getOutcome)
                .containsExactly(ParticipantOutcome.REJECTED, ParticipantOutcome.REJECTED);
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldAlertCallerCancelledWhenTheV4EndRecordSaysCancel() {
        h.send(startCall("c", "alice", List.of("bob"), 0),
                endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.CANCEL, 0, null, 8));

        assertThat(h.alerts()).containsExactly(
                KeyValue.pair("bob", alert("c", "bob", MissedReason.CALLER_CANCELLED, 8, 8000L)));
        assertThat(h.summaries()).extracting(kv -> kv.value.getOutcome()).containsExactly(CallOutcome.CANCELLED);
    }

    @Test
    void shouldAlertBusyWhenTheV4EndRecordSaysCallBusy() {
        h.send(startCall("c", "alice", List.of("bob"), 0),
                endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.CALL_BUSY, 0, null, 1));

        assertThat(h.alerts()).containsExactly(KeyValue.pair("bob", alert("c", "bob", MissedReason.BUSY, 1, 1000L)));
        assertThat(h.summaries()).extracting(kv -> kv.value.getOutcome()).containsExactly(CallOutcome.BUSY);
    }

    @Test
    void shouldSummariseInterruptedWhenAV4CalleeGoesOfflineAfterAnswering() {
        h.send(startCall("c", "alice", List.of("bob"), 0),
                memberChanged("c", 3, List.of("alice", "bob"), NONE, change("bob", MemberAction.ANSWER)),
                memberChanged("c", 20, List.of("alice"), NONE, change("bob", MemberAction.OFFLINE)),
                endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.OFFLINE, 0, 3, 20));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c", summary("c", CallOutcome.INTERRUPTED, 0, 20, 3,
                List.of(callerP(ParticipantOutcome.INTERRUPTED, 0, 20), calleeP("bob", ParticipantOutcome.INTERRUPTED, 3, 20)),
                4, 0, ClosedBy.EVENTS, 1)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldFollowInvitesJoinsAndHangUpsWhenAV4GroupCallRuns() {
        h.send(startCall("g", "alice", List.of("bob", "carol"), 0),
                memberChanged("g", 4, List.of("alice", "bob"), List.of("carol"), change("bob", MemberAction.ANSWER)),
                memberChanged("g", 30, List.of("alice", "bob"), NONE, change("carol", MemberAction.NOT_ANSWER)));
        assertThat(h.alerts()).extracting(kv -> kv.key, kv -> kv.value.getReason())
                .containsExactly(tuple("carol", MissedReason.NO_ANSWER));

        h.send(memberChanged("g", 35, List.of("alice", "bob"), List.of("dave"), change("dave", MemberAction.INVITE)),
                memberChanged("g", 40, List.of("alice", "bob", "dave"), NONE, change("dave", MemberAction.JOIN)),
                memberChanged("g", 50, List.of("alice", "dave"), NONE, change("bob", MemberAction.HANG_UP)));
        h.advance(Duration.ofSeconds(10));
        assertThat(h.summaries()).as("bob left, alice and dave still talk").isEmpty();

        h.send(memberChanged("g", 60, List.of("alice"), NONE, change("dave", MemberAction.HANG_UP)),
                endCall("g", "alice", List.of("bob", "carol", "dave"), CallType.GROUP, CallResult.NORMAL_END, 0, 4, 60));

        CallSummary expected = summary("g", CallOutcome.COMPLETED, 0, 60, 4, List.of(
                callerP(ParticipantOutcome.ANSWERED, 0, 60), calleeP("bob", ParticipantOutcome.ANSWERED, 4, 50),
                calleeP("carol", ParticipantOutcome.MISSED, null, 30), calleeP("dave", ParticipantOutcome.ANSWERED, 40, 60)),
                8, 0, ClosedBy.EVENTS, 1);
        expected.setCallType(CallType.GROUP);
        assertThat(h.summaries()).containsExactly(KeyValue.pair("g", expected));
        h.advance(Duration.ofSeconds(10));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldAlertCallerCancelledWhenAV4InvitationIsCancelled() {
        h.send(startCall("g", "alice", List.of("bob", "carol"), 0),
                memberChanged("g", 4, List.of("alice", "bob"), List.of("carol"), change("bob", MemberAction.ANSWER)),
                memberChanged("g", 9, List.of("alice", "bob"), NONE, change("carol", MemberAction.CANCEL_INVITE)));

        assertThat(h.alerts()).extracting(kv -> kv.key, kv -> kv.value.getReason())
                .containsExactly(tuple("carol", MissedReason.CALLER_CANCELLED));
        assertThat(h.summaries()).as("bob and alice still talk").isEmpty();
    }

    @Test
    void shouldNotAlertNorReviseWhenTheV4EndRecordArrivesBeforeEveryOtherCallback() {
        h.send(endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65));
        assertThat(h.summaries()).extracting(kv -> kv.value.getOutcome()).containsExactly(CallOutcome.COMPLETED);

        h.send(memberChanged("c", 65, List.of("bob"), NONE, change("alice", MemberAction.HANG_UP)),
                memberChanged("c", 5, List.of("alice", "bob"), NONE, change("bob", MemberAction.ANSWER)),
                startCall("c", "alice", List.of("bob"), 0));
        h.advance(Duration.ofSeconds(10));

        assertThat(h.summaries()).as("the late callbacks say what the record said").isEmpty();
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldCloseAtOnceWithoutAlertWhenTheV1StatusSaysNormalEndBeforeTheAcceptArrives() {
        h.send(caller("c", "alice", START_CALL, 0), callee("c", "bob", RECEIVE_CALL, 1),
                status("c", "alice", CallRole.CALLER, CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65));
        assertThat(h.summaries()).extracting(kv -> kv.value.getOutcome()).containsExactly(CallOutcome.COMPLETED);

        h.send(callee("c", "bob", ACCEPT_CALL, 5), callee("c", "bob", CALL_END, 65));
        h.advance(Duration.ofSeconds(10));

        assertThat(h.summaries()).isEmpty();
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldAlertAtOnceWhenTheV1StatusSaysNotAnswer() {
        h.send(caller("c", "alice", START_CALL, 0), callee("c", "bob", RECEIVE_CALL, 1),
                status("c", "alice", CallRole.CALLER, CallType.SINGLE, CallResult.NOT_ANSWER, null, null, 30));

        assertThat(h.alerts()).containsExactly(KeyValue.pair("bob", alert("c", "bob", MissedReason.NO_ANSWER, 30, 30000L)));
        assertThat(h.summaries()).extracting(kv -> kv.value.getOutcome(), kv -> kv.value.getRevision())
                .containsExactly(tuple(CallOutcome.MISSED, 1));
    }

    @Test
    void shouldReviseTheInferredOutcomeWithoutRepeatingTheAlertWhenTheRecordShowsAnAnswer() {
        h.send(caller("c", "alice", START_CALL, 0), callee("c", "bob", RECEIVE_CALL, 1), caller("c", "alice", CALL_END, 65));
        h.advance(Duration.ofSeconds(10));
        assertThat(h.summaries()).extracting(kv -> kv.value.getOutcome()).containsExactly(CallOutcome.MISSED);
        assertThat(h.alerts()).hasSize(1);

        h.send(endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c", summary("c", CallOutcome.COMPLETED, 0, 65, 5,
                List.of(callerP(ParticipantOutcome.ANSWERED, 0, 65), calleeP("bob", ParticipantOutcome.ANSWERED, 5, 65)),
                4, 0, ClosedBy.EVENTS, 2)));
        assertThat(h.alerts()).as("an alert sent is never repeated").isEmpty();
    }

    @Test
    void shouldNeverAlertTheCalleeTheRecordShowsAnsweredWhenAMissWasInferredBefore() {
        h.send(caller("c", "alice", START_CALL, 0), callee("c", "bob", RECEIVE_CALL, 1), caller("c", "alice", CALL_END, 65),
                endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65));
        h.advance(Duration.ofSeconds(10));

        assertThat(h.summaries()).extracting(kv -> kv.value.getOutcome()).containsExactly(CallOutcome.COMPLETED);
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldKeepOneSessionAndOneAlertWhenV1AndV4CallbacksReportTheSameCall() {
        h.send(caller("c", "alice", START_CALL, 0), startCall("c", "alice", List.of("bob"), 0),
                memberChanged("c", 30, List.of("alice"), NONE, change("bob", MemberAction.NOT_ANSWER)),
                callee("c", "bob", NOT_ANSWER_CALL, 30),
                status("c", "alice", CallRole.CALLER, CallType.SINGLE, CallResult.NOT_ANSWER, 0, null, 30),
                endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.NOT_ANSWER, 0, null, 30));
        h.advance(Duration.ofSeconds(10));

        assertThat(h.alerts()).containsExactly(KeyValue.pair("bob", alert("c", "bob", MissedReason.NO_ANSWER, 30, 30000L)));
        assertThat(h.summaries()).containsExactly(KeyValue.pair("c", summary("c", CallOutcome.MISSED, 0, 30, null,
                List.of(callerP(ParticipantOutcome.MISSED, 0, 30), calleeP("bob", ParticipantOutcome.MISSED, null, 30)),
                5, 0, ClosedBy.EVENTS, 1)));
    }
}

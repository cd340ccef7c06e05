package io.callstream.processor.topology;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_ACCEPTED;
import static io.callstream.avro.CallEventType.CALL_BUSY;
import static io.callstream.avro.CallEventType.CALL_CANCELED;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.CALL_FAILED;
import static io.callstream.avro.CallEventType.CALL_INTERRUPTED;
import static io.callstream.avro.CallEventType.CALL_MISSED;
import static io.callstream.avro.CallEventType.CALL_REJECTED;
import static io.callstream.avro.CallEventType.CANCEL_CALL;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.REJECT_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.SDK_APP_ID;
import static io.callstream.processor.CallEvents.at;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static io.callstream.processor.CallEvents.event;
import static io.callstream.processor.CallEvents.forApp;
import static io.callstream.processor.CallEvents.normalEnd;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scenarios of CONTRACT section 4 through the real topology; each asserts the exact records emitted. */
class CallScenariosTest {

    private final TopologyHarness h = new TopologyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void shouldSummariseCompletedCallWhenBothSidesReportTheEnd() {
        h.send(caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1),
                callee("c1", "bob", ACCEPT_CALL, 5), caller("c1", "alice", CALL_ACCEPTED, 5),
                caller("c1", "alice", CALL_END, 65), callee("c1", "bob", CALL_END, 65));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c1", completedC1(6, 0)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldMergeCalleeEventsThatArriveBeforeTheCallers() {
        h.send(callee("c1", "bob", RECEIVE_CALL, 1), callee("c1", "bob", ACCEPT_CALL, 5),
                callee("c1", "bob", CALL_END, 65), caller("c1", "alice", START_CALL, 0),
                caller("c1", "alice", CALL_ACCEPTED, 5), caller("c1", "alice", CALL_END, 65));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c1", completedC1(6, 0)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldNotAlertWhenCallersEndArrivesBeforeCalleesAccept() {
        h.send(caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1),
                caller("c1", "alice", CALL_END, 65));
        assertThat(h.alerts()).isEmpty();

        h.send(callee("c1", "bob", ACCEPT_CALL, 5), caller("c1", "alice", CALL_ACCEPTED, 5),
                callee("c1", "bob", CALL_END, 65));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c1", completedC1(6, 0)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldWaitForTheAnswerWhenBothEndsArriveBeforeIt() {
        h.send(caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1),
                caller("c1", "alice", CALL_END, 65), callee("c1", "bob", CALL_END, 65));
        assertThat(h.summaries()).isEmpty();
        assertThat(h.alerts()).isEmpty();

        h.send(caller("c1", "alice", CALL_ACCEPTED, 5));
        // the caller's call_accepted already settles it; the callee's own accept changes nothing after
        h.send(callee("c1", "bob", ACCEPT_CALL, 5));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c1", completedC1(5, 0)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldSummariseCompletedWithoutAlertWhenOnlyTheEndsNormalEndAndAcceptTsShowTheAnswer() {
        h.send(caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1),
                normalEnd(caller("c1", "alice", CALL_END, 65), 0, 5, 65),
                normalEnd(callee("c1", "bob", CALL_END, 65), 0, 5, 65));
        h.advance(Duration.ofSeconds(10));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c1", completedC1(4, 0)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldNotAlertWhenTheAcceptArrivesAfterTheSettleDelayAndTheCallersEndCarriedAcceptTs() {
        h.send(caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1),
                normalEnd(caller("c1", "alice", CALL_END, 65), 0, 5, 65));
        h.advance(Duration.ofSeconds(10));
        h.send(callee("c1", "bob", ACCEPT_CALL, 5), caller("c1", "alice", CALL_ACCEPTED, 5),
                normalEnd(callee("c1", "bob", CALL_END, 65), 0, 5, 65));

        assertThat(h.alerts()).isEmpty();
        assertThat(h.summaries()).extracting(kv -> kv.value.getOutcome(), kv -> kv.value.getRevision())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CallOutcome.COMPLETED, 1));
    }

    @Test
    void shouldAlertAtSettleWhenCallEndedAndCalleeNeverReported() {
        h.send(caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1),
                caller("c1", "alice", CALL_END, 65));
        h.advance(Duration.ofSeconds(9));
        assertThat(h.alerts()).isEmpty();

        h.advance(Duration.ofSeconds(1));

        assertThat(h.alerts()).extracting(kv -> kv.key, kv -> kv.value.getReason())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", MissedReason.NO_ANSWER));
        assertThat(h.summaries()).extracting(kv -> kv.value.getOutcome()).containsExactly(CallOutcome.MISSED);
    }

    @Test
    void shouldIgnoreButCountDuplicatesWhenEveryEventIsDeliveredTwice() {
        List<CallEvent> events = List.of(caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1),
                callee("c1", "bob", ACCEPT_CALL, 5), caller("c1", "alice", CALL_ACCEPTED, 5),
                caller("c1", "alice", CALL_END, 65), callee("c1", "bob", CALL_END, 65));
        for (CallEvent e : events) {
            h.send(e, e);
        }

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c1", completedC1(6, 5)));
        assertThat(h.session("c1").getDuplicateCount()).isEqualTo(6);
    }

    @Test
    void shouldAlertAndSummariseMissedWhenCalleeDoesNotAnswer() {
        h.send(caller("c2", "alice", START_CALL, 0), callee("c2", "bob", RECEIVE_CALL, 1),
                callee("c2", "bob", NOT_ANSWER_CALL, 30));
        assertThat(h.alerts()).containsExactly(KeyValue.pair("bob", alert("c2", "bob", MissedReason.NO_ANSWER, 30, 30000L)));

        h.send(caller("c2", "alice", CALL_MISSED, 30));
        assertThat(h.summaries()).containsExactly(KeyValue.pair("c2", summary("c2", CallOutcome.MISSED, 0, 30, null,
                List.of(callerP(ParticipantOutcome.MISSED, 0, 30), calleeP("bob", ParticipantOutcome.MISSED, null, 30)),
                4, 0, ClosedBy.EVENTS, 1)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldSummariseRejectedWithoutAlertWhenCalleeRejects() {
        h.send(caller("c3", "alice", START_CALL, 0), callee("c3", "bob", RECEIVE_CALL, 1),
                callee("c3", "bob", REJECT_CALL, 4), caller("c3", "alice", CALL_REJECTED, 4));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c3", summary("c3", CallOutcome.REJECTED, 0, 4, null,
                List.of(callerP(ParticipantOutcome.REJECTED, 0, 4), calleeP("bob", ParticipantOutcome.REJECTED, null, 4)),
                4, 0, ClosedBy.EVENTS, 1)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldSummariseBusyAfterSettleDelayWithoutAlertWhenOnlyTheCallerReported() {
        h.send(caller("c4", "alice", START_CALL, 0), caller("c4", "alice", CALL_BUSY, 1));
        h.advance(Duration.ofSeconds(9));
        assertThat(h.summaries()).isEmpty();

        h.advance(Duration.ofSeconds(1));
        assertThat(h.summaries()).containsExactly(KeyValue.pair("c4", summary("c4", CallOutcome.BUSY, 0, 1, null,
                List.of(callerP(ParticipantOutcome.BUSY, 0, 1)), 2, 0, ClosedBy.EVENTS, 1)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldAlertCallerCancelledWhenCallerCancelsWhileRinging() {
        h.send(caller("c5", "alice", START_CALL, 0), callee("c5", "bob", RECEIVE_CALL, 1),
                caller("c5", "alice", CANCEL_CALL, 8));
        assertThat(h.alerts()).containsExactly(
                KeyValue.pair("bob", alert("c5", "bob", MissedReason.CALLER_CANCELLED, 8, 8000L)));

        h.send(callee("c5", "bob", CALL_CANCELED, 8));
        assertThat(h.summaries()).containsExactly(KeyValue.pair("c5", summary("c5", CallOutcome.CANCELLED, 0, 8, null,
                List.of(callerP(ParticipantOutcome.CANCELLED, 0, 8), calleeP("bob", ParticipantOutcome.MISSED, null, 8)),
                4, 0, ClosedBy.EVENTS, 1)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldSummariseFailedAfterSettleDelayWhenCallFails() {
        h.send(caller("c6", "alice", START_CALL, 0), caller("c6", "alice", CALL_FAILED, 1));
        h.advance(Duration.ofSeconds(10));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c6", summary("c6", CallOutcome.FAILED, 0, 1, null,
                List.of(callerP(ParticipantOutcome.FAILED, 0, 1)), 2, 0, ClosedBy.EVENTS, 1)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldSummariseInterruptedWhenCallBreaksAfterAnswer() {
        h.send(caller("c7", "alice", START_CALL, 0), callee("c7", "bob", RECEIVE_CALL, 1),
                callee("c7", "bob", ACCEPT_CALL, 3), caller("c7", "alice", CALL_ACCEPTED, 3),
                caller("c7", "alice", CALL_INTERRUPTED, 20), callee("c7", "bob", CALL_INTERRUPTED, 20));

        assertThat(h.summaries()).containsExactly(KeyValue.pair("c7", summary("c7", CallOutcome.INTERRUPTED, 0, 20, 3,
                List.of(callerP(ParticipantOutcome.INTERRUPTED, 0, 20), calleeP("bob", ParticipantOutcome.INTERRUPTED, 3, 20)),
                6, 0, ClosedBy.EVENTS, 1)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldAlertOnlyTheMissingCalleeWhenOneGroupCalleeAnswers() {
        h.send(group("g1", "alice", CallRole.CALLER, START_CALL, 0), group("g1", "bob", CallRole.CALLEE, RECEIVE_CALL, 1),
                group("g1", "carol", CallRole.CALLEE, RECEIVE_CALL, 1), group("g1", "bob", CallRole.CALLEE, ACCEPT_CALL, 4),
                group("g1", "carol", CallRole.CALLEE, NOT_ANSWER_CALL, 30));
        MissedCallAlert carolAlert = alert("g1", "carol", MissedReason.NO_ANSWER, 30, 30000L);
        carolAlert.setCallType(CallType.GROUP);
        assertThat(h.alerts()).containsExactly(KeyValue.pair("carol", carolAlert));

        h.send(group("g1", "bob", CallRole.CALLEE, CALL_END, 60), group("g1", "alice", CallRole.CALLER, CALL_END, 60));
        CallSummary expected = summary("g1", CallOutcome.COMPLETED, 0, 60, 4, List.of(
                callerP(ParticipantOutcome.ANSWERED, 0, 60), calleeP("bob", ParticipantOutcome.ANSWERED, 4, 60),
                calleeP("carol", ParticipantOutcome.MISSED, null, 30)), 7, 0, ClosedBy.EVENTS, 1);
        expected.setCallType(CallType.GROUP);
        assertThat(h.summaries()).containsExactly(KeyValue.pair("g1", expected));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldEmitRevisionTwoWhenLateCalleeEventChangesClosedCall() {
        h.send(caller("c8", "alice", START_CALL, 0), caller("c8", "alice", CALL_MISSED, 30));
        h.advance(Duration.ofSeconds(10));
        assertThat(h.summaries()).containsExactly(KeyValue.pair("c8", summary("c8", CallOutcome.MISSED, 0, 30, null,
                List.of(callerP(ParticipantOutcome.MISSED, 0, 30)), 2, 0, ClosedBy.EVENTS, 1)));

        h.send(callee("c8", "bob", NOT_ANSWER_CALL, 30));
        assertThat(h.summaries()).containsExactly(KeyValue.pair("c8", summary("c8", CallOutcome.MISSED, 0, 30, null,
                List.of(callerP(ParticipantOutcome.MISSED, 0, 30), calleeP("bob", ParticipantOutcome.MISSED, null, 30)),
                3, 0, ClosedBy.EVENTS, 2)));
        assertThat(h.alerts()).containsExactly(KeyValue.pair("bob", alert("c8", "bob", MissedReason.NO_ANSWER, 30, 30000L)));

        h.send(callee("c8", "bob", NOT_ANSWER_CALL, 30), callee("c8", "bob", RECEIVE_CALL, 1));
        assertThat(h.summaries()).as("a late duplicate or a change of counters alone").isEmpty();
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldCloseTimedOutWhenAnsweredCallNeverEnds() {
        h.send(caller("c9", "alice", START_CALL, 0), callee("c9", "bob", RECEIVE_CALL, 1),
                callee("c9", "bob", ACCEPT_CALL, 5), caller("c9", "alice", CALL_ACCEPTED, 5));
        h.advance(Duration.ofHours(2).minusSeconds(1));
        assertThat(h.summaries()).isEmpty();

        h.advance(Duration.ofSeconds(1));
        assertThat(h.summaries()).containsExactly(KeyValue.pair("c9", summary("c9", CallOutcome.TIMED_OUT, 0, 5, 5,
                List.of(callerP(ParticipantOutcome.ANSWERED, 0, 5), calleeP("bob", ParticipantOutcome.ANSWERED, 5, 5)),
                4, 0, ClosedBy.TIMEOUT, 1)));
        assertThat(h.alerts()).isEmpty();
    }

    @Test
    void shouldAlertTimedOutWhenRingingCallNeverResolves() {
        h.send(caller("c10", "alice", START_CALL, 0), callee("c10", "bob", RECEIVE_CALL, 1));
        h.advance(Duration.ofHours(2));

        Instant timeout = TopologyHarness.WALL_START.plus(Duration.ofHours(2));
        MissedCallAlert expectedAlert = alert("c10", "bob", MissedReason.TIMED_OUT, 0, null);
        expectedAlert.setDetectedAt(timeout);
        assertThat(h.alerts()).containsExactly(KeyValue.pair("bob", expectedAlert));
        assertThat(h.summaries()).containsExactly(KeyValue.pair("c10", summary("c10", CallOutcome.TIMED_OUT, 0, 1, null,
                List.of(callerP(ParticipantOutcome.UNKNOWN, 0, 1), calleeP("bob", ParticipantOutcome.MISSED, null, null)),
                2, 0, ClosedBy.TIMEOUT, 1)));
    }

    @Test
    void shouldDeleteClosedSessionAfterRetention() {
        h.send(caller("c11", "alice", START_CALL, 0), callee("c11", "bob", REJECT_CALL, 2),
                caller("c11", "alice", CALL_REJECTED, 2));
        assertThat(h.summaries()).hasSize(1);
        h.advance(Duration.ofHours(23));
        assertThat(h.session("c11")).isNotNull();

        h.advance(Duration.ofHours(1));
        assertThat(h.session("c11")).isNull();
    }

    @Test
    void shouldChangeNothingWhenAnEventIsRedeliveredAfterTheSessionWasDeleted() {
        CallEvent missed = callee("c13", "bob", NOT_ANSWER_CALL, 30);
        h.send(caller("c13", "alice", START_CALL, 0), callee("c13", "bob", RECEIVE_CALL, 1), missed,
                caller("c13", "alice", CALL_MISSED, 30));
        assertThat(h.alerts()).hasSize(1);
        assertThat(h.summaries()).hasSize(1);
        h.advance(Duration.ofHours(24));
        assertThat(h.session("c13")).as("deleted after the retention").isNull();

        h.send(missed, callee("c13", "bob", RECEIVE_CALL, 1));
        h.advance(Duration.ofHours(3));

        assertThat(h.alerts()).as("no second alert").isEmpty();
        assertThat(h.summaries()).as("no bogus revision-1 summary").isEmpty();
        assertThat(h.session("c13")).as("the call is not re-opened").isNull();
    }

    @Test
    void shouldStartANewSessionWhenAnEventArrivesAfterTheTombstoneRetention() {
        h.send(caller("c14", "alice", START_CALL, 0), callee("c14", "bob", REJECT_CALL, 2),
                caller("c14", "alice", CALL_REJECTED, 2));
        assertThat(h.summaries()).hasSize(1);
        h.advance(Duration.ofHours(24));
        h.send(caller("c14", "alice", CALL_REJECTED, 2));
        assertThat(h.session("c14")).as("remembered by its tombstone").isNull();

        h.advance(Duration.ofDays(7));
        h.send(callee("c14", "bob", REJECT_CALL, 2));
        h.advance(Duration.ofSeconds(10));

        assertThat(h.summaries()).extracting(kv -> kv.key, kv -> kv.value.getRevision())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c14", 1));
    }

    @Test
    void shouldKeepOneSessionPerAppWhenTwoAppsSendTheSameCallId() {
        long otherApp = SDK_APP_ID + 1;
        h.send(caller("c12", "alice", START_CALL, 0), forApp(otherApp, caller("c12", "erin", START_CALL, 0)),
                callee("c12", "bob", NOT_ANSWER_CALL, 30), forApp(otherApp, callee("c12", "bob", NOT_ANSWER_CALL, 31)),
                caller("c12", "alice", CALL_MISSED, 30), forApp(otherApp, caller("c12", "erin", CALL_MISSED, 31)));

        MissedCallAlert otherAlert = alert("c12", "bob", MissedReason.NO_ANSWER, 31, 31000L);
        otherAlert.setSdkAppId(otherApp);
        otherAlert.setCallerId("erin");
        otherAlert.setAlertId(otherApp + ":c12:bob");
        assertThat(h.alerts()).containsExactly(KeyValue.pair("bob", alert("c12", "bob", MissedReason.NO_ANSWER, 30, 30000L)),
                KeyValue.pair("bob", otherAlert));
        CallSummary other = summary("c12", CallOutcome.MISSED, 0, 31, null, List.of(
                participant("erin", CallRole.CALLER, ParticipantOutcome.MISSED, 0, 31),
                calleeP("bob", ParticipantOutcome.MISSED, null, 31)), 3, 0, ClosedBy.EVENTS, 1);
        other.setSdkAppId(otherApp);
        other.setCallerId("erin");
        assertThat(h.summaries()).containsExactly(KeyValue.pair("c12", summary("c12", CallOutcome.MISSED, 0, 30, null,
                List.of(callerP(ParticipantOutcome.MISSED, 0, 30), calleeP("bob", ParticipantOutcome.MISSED, null, 30)),
                3, 0, ClosedBy.EVENTS, 1)), KeyValue.pair("c12", other));
    }

    private static CallEvent group(String callId, String user, CallRole role, io.callstream.avro.CallEventType type, int s) {
        return event(callId, user, role, type, CallType.GROUP, s);
    }

    private static CallSummary completedC1(int eventCount, int duplicates) {
        return summary("c1", CallOutcome.COMPLETED, 0, 65, 5,
                List.of(callerP(ParticipantOutcome.ANSWERED, 0, 65), calleeP("bob", ParticipantOutcome.ANSWERED, 5, 65)),
                eventCount, duplicates, ClosedBy.EVENTS, 1);
    }

    static CallSummary summary(String callId, CallOutcome outcome, int started, int ended, Integer answered,
                               List<Participant> participants, int eventCount, int duplicates, ClosedBy closedBy,
                               int revision) {
        return CallSummary.newBuilder()
                .setCallId(callId)
                .setSdkAppId(SDK_APP_ID)
                .setRoomId("room-" + callId)
                .setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO)
                .setCallerId("alice")
                .setOutcome(outcome)
                .setParticipants(participants)
                .setStartedAt(Instant.ofEpochMilli(at(started)))
                .setAnsweredAt(answered == null ? null : Instant.ofEpochMilli(at(answered)))
                .setEndedAt(Instant.ofEpochMilli(at(ended)))
                .setRingDurationMs(answered == null ? null : (answered - started) * 1000L)
                .setTalkDurationMs(answered == null ? 0 : (ended - answered) * 1000L)
                .setEventCount(eventCount)
                .setDuplicateCount(duplicates)
                .setClosedBy(closedBy)
                .setRevision(revision)
                .build();
    }

    static Participant callerP(ParticipantOutcome outcome, int joined, int left) {
        return participant("alice", CallRole.CALLER, outcome, joined, left);
    }

    static Participant calleeP(String user, ParticipantOutcome outcome, Integer joined, Integer left) {
        return participant(user, CallRole.CALLEE, outcome, joined, left);
    }

    static Participant participant(String user, CallRole role, ParticipantOutcome outcome, Integer joined, Integer left) {
        return Participant.newBuilder().setUserId(user).setRole(role).setOutcome(outcome)
                .setJoinedAt(joined == null ? null : Instant.ofEpochMilli(at(joined)))
                .setLeftAt(left == null ? null : Instant.ofEpochMilli(at(left)))
                .build();
    }

    static MissedCallAlert alert(String callId, String callee, MissedReason reason, int detected, Long ring) {
        return MissedCallAlert.newBuilder()
                .setAlertId(SDK_APP_ID + ":" + callId + ":" + callee)
                .setSdkAppId(SDK_APP_ID)
                .setCallId(callId)
                .setCalleeId(callee)
                .setCallerId("alice")
                .setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO)
                .setReason(reason)
                .setCallStartedAt(Instant.ofEpochMilli(at(0)))
                .setDetectedAt(Instant.ofEpochMilli(at(detected)))
                .setRingDurationMs(ring)
                .build();
    }
}

package io.callstream.processor.session;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_ACCEPTED;
import static io.callstream.avro.CallEventType.CALL_BUSY;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.CALL_MISSED;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.SDK_APP_ID;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.tuple;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallType;
import io.callstream.avro.MemberAction;
import io.callstream.processor.FamilyEvents;
import java.util.List;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.processor.session.SessionLifecycle.Step;
import io.callstream.processor.state.CallSession;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The session lifecycle alone: steps from events and timers, no topology, no stores. */
class SessionLifecycleTest {

    private static final long SETTLE = 10_000;
    private static final long IDLE = Duration.ofHours(2).toMillis();
    private static final long RETENTION = Duration.ofHours(24).toMillis();
    private static final SessionKey KEY = new SessionKey(SDK_APP_ID, "c1");

    private final SessionLifecycle lifecycle = new SessionLifecycle(Duration.ofMillis(SETTLE), Duration.ofMillis(IDLE),
            Duration.ofMillis(RETENTION));
    private CallSession session;

    @Test
    void shouldCloseWithRevisionOneAtOnceWhenEveryParticipantReportedItsEnd() {
        send(0, caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1),
                callee("c1", "bob", ACCEPT_CALL, 5), caller("c1", "alice", CALL_ACCEPTED, 5),
                caller("c1", "alice", CALL_END, 65));
        Step last = send(100, callee("c1", "bob", CALL_END, 65));

        assertThat(last.summary().getOutcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(last.summary().getRevision()).isEqualTo(1);
        assertThat(last.summary().getClosedBy()).isEqualTo(ClosedBy.EVENTS);
        assertThat(last.alerts()).isEmpty();
        Step earlierTimer = lifecycle.onTimer(KEY, session, SETTLE);
        assertThat(earlierTimer.summary()).as("closed already").isNull();
        assertThat(earlierTimer.armAt()).as("re-armed for the retention").isEqualTo(100 + RETENTION);
    }

    @Test
    void shouldEmitTheSummaryOnlyAfterTheSettleDelayWhenDecidedButTheOtherSideIsSilent() {
        Step decided = send(1_000, caller("c1", "alice", START_CALL, 0), caller("c1", "alice", CALL_BUSY, 1));
        assertThat(decided.summary()).isNull();
        assertThat(decided.armAt()).isEqualTo(1_000 + SETTLE);

        Step early = lifecycle.onTimer(KEY, session, 1_000 + SETTLE - 1);
        assertThat(early.summary()).isNull();
        assertThat(early.armAt()).as("re-armed for the settle time").isEqualTo(1_000 + SETTLE);

        Step settled = lifecycle.onTimer(KEY, session, 1_000 + SETTLE);
        assertThat(settled.summary().getOutcome()).isEqualTo(CallOutcome.BUSY);
        assertThat(settled.summary().getClosedBy()).isEqualTo(ClosedBy.EVENTS);
        assertThat(settled.alerts()).as("no callee known, no alert").isEmpty();
        assertThat(settled.armAt()).isEqualTo(1_000 + SETTLE + RETENTION);
    }

    @Test
    void shouldCloseTimedOutWithATimedOutAlertWhenUndecidedForTheIdleTimeout() {
        Step ringing = send(0, caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1));
        assertThat(ringing.armAt()).isEqualTo(IDLE);

        Step timedOut = lifecycle.onTimer(KEY, session, IDLE);

        assertThat(timedOut.summary().getOutcome()).isEqualTo(CallOutcome.TIMED_OUT);
        assertThat(timedOut.summary().getClosedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertThat(timedOut.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getReason()).isEqualTo(MissedReason.TIMED_OUT);
            assertThat(a.getDetectedAt()).isEqualTo(Instant.ofEpochMilli(IDLE));
        });
    }

    @Test
    void shouldPostponeTheIdleTimeoutWhenANewEventArrivedMeanwhile() {
        send(0, caller("c1", "alice", START_CALL, 0));
        Step later = send(60_000, callee("c1", "bob", RECEIVE_CALL, 1));
        assertThat(later.movesTimer()).as("timers only move earlier").isFalse();

        Step fired = lifecycle.onTimer(KEY, session, IDLE);

        assertThat(fired.summary()).isNull();
        assertThat(fired.armAt()).isEqualTo(60_000 + IDLE);
    }

    @Test
    void shouldExpireTheClosedSessionOnlyAfterTheRetention() {
        send(0, caller("c1", "alice", START_CALL, 0), caller("c1", "alice", CALL_BUSY, 1));
        lifecycle.onTimer(KEY, session, SETTLE);

        Step kept = lifecycle.onTimer(KEY, session, SETTLE + RETENTION - 1);
        assertThat(kept.kind()).isEqualTo(Step.Kind.UPDATED);
        assertThat(kept.armAt()).isEqualTo(SETTLE + RETENTION);

        Step expired = lifecycle.onTimer(KEY, session, SETTLE + RETENTION);
        assertThat(expired.kind()).isEqualTo(Step.Kind.EXPIRED);
        assertThat(expired.armAt()).isNull();
        assertThat(expired.summary()).isNull();
    }

    @Test
    void shouldEmitTheNextRevisionWhenALateEventChangesTheClosedCall() {
        send(0, caller("c1", "alice", START_CALL, 0), caller("c1", "alice", CALL_MISSED, 30));
        assertThat(lifecycle.onTimer(KEY, session, SETTLE).summary().getParticipants()).hasSize(1);

        Step late = send(SETTLE + 5, callee("c1", "bob", NOT_ANSWER_CALL, 30));

        assertThat(late.summary().getRevision()).isEqualTo(2);
        assertThat(late.summary().getParticipants()).hasSize(2);
        assertThat(late.summary().getClosedBy()).isEqualTo(ClosedBy.EVENTS);
        assertThat(late.alerts()).extracting(MissedCallAlert::getCalleeId).containsExactly("bob");
    }

    @Test
    void shouldEmitNoRevisionWhenALateEventChangesOnlyCounters() {
        send(0, caller("c1", "alice", START_CALL, 0), caller("c1", "alice", CALL_MISSED, 30),
                callee("c1", "bob", NOT_ANSWER_CALL, 30));
        lifecycle.onTimer(KEY, session, SETTLE);

        Step duplicate = send(SETTLE + 1, callee("c1", "bob", NOT_ANSWER_CALL, 30));
        Step countersOnly = send(SETTLE + 2, callee("c1", "bob", RECEIVE_CALL, 1));

        assertThat(duplicate.kind()).isEqualTo(Step.Kind.DUPLICATE);
        assertThat(duplicate.summary()).isNull();
        assertThat(countersOnly.summary()).isNull();
        assertThat(session.getRevision()).isEqualTo(1);
    }

    @Test
    void shouldAlertExactlyOnceWhenBothSidesReportTheMissAndTimersFire() {
        Step first = send(0, caller("c1", "alice", START_CALL, 0), callee("c1", "bob", NOT_ANSWER_CALL, 30));
        assertThat(first.alerts()).extracting(MissedCallAlert::getAlertId).containsExactly(SDK_APP_ID + ":c1:bob");

        Step closing = send(1, caller("c1", "alice", CALL_MISSED, 30));
        Step duplicate = send(2, callee("c1", "bob", NOT_ANSWER_CALL, 30));
        Step retention = lifecycle.onTimer(KEY, session, RETENTION);

        assertThat(closing.summary().getOutcome()).isEqualTo(CallOutcome.MISSED);
        assertThat(closing.alerts()).isEmpty();
        assertThat(duplicate.alerts()).isEmpty();
        assertThat(retention.alerts()).isEmpty();
    }

    @Test
    void shouldHoldAMissInferredFromTheCallEndUntilTheSettleDelay() {
        Step ended = send(0, caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1),
                caller("c1", "alice", CALL_END, 40));
        assertThat(ended.alerts()).isEmpty();

        Step settled = lifecycle.onTimer(KEY, session, SETTLE);

        assertThat(settled.alerts()).extracting(MissedCallAlert::getReason).containsExactly(MissedReason.NO_ANSWER);
        assertThat(settled.summary().getOutcome()).isEqualTo(CallOutcome.MISSED);
    }

    @Test
    void shouldNotAlertWhenTheAnswerArrivesWithinTheSettleDelay() {
        send(0, caller("c1", "alice", START_CALL, 0), callee("c1", "bob", RECEIVE_CALL, 1),
                caller("c1", "alice", CALL_END, 40));
        send(SETTLE - 1, callee("c1", "bob", ACCEPT_CALL, 5));

        Step settled = lifecycle.onTimer(KEY, session, SETTLE);

        assertThat(settled.alerts()).isEmpty();
        assertThat(settled.summary().getOutcome()).isEqualTo(CallOutcome.COMPLETED);
    }

    @Test
    void shouldCloseAtOnceWithoutSettleWaitWhenTheEndCallRecordArrives() {
        send(0, FamilyEvents.startCall("c1", "alice", List.of("bob"), 0));

        Step recorded = send(100, FamilyEvents.endCall("c1", "alice", List.of("bob"), CallType.SINGLE,
                CallResult.NOT_ANSWER, 0, null, 30));

        assertThat(recorded.summary().getOutcome()).isEqualTo(CallOutcome.MISSED);
        assertThat(recorded.summary().getRevision()).isEqualTo(1);
        assertThat(recorded.alerts()).extracting(MissedCallAlert::getCalleeId, MissedCallAlert::getReason)
                .containsExactly(tuple("bob", MissedReason.NO_ANSWER));
        Step settleTime = lifecycle.onTimer(KEY, session, 100 + SETTLE);
        assertThat(settleTime.summary()).isNull();
        assertThat(settleTime.alerts()).isEmpty();
        assertThat(settleTime.armAt()).as("only the retention is left").isEqualTo(100 + RETENTION);
    }

    @Test
    void shouldHoldAMissInferredFromARecordsEndForTheSettleDelayAfterTheRecordClosedTheCall() {
        send(0, FamilyEvents.startCall("c1", "alice", List.of("bob", "carol"), 0),
                FamilyEvents.memberChanged("c1", 4, List.of("alice", "bob"), List.of("carol"),
                        FamilyEvents.change("bob", MemberAction.ANSWER)));
        Step recorded = send(100, FamilyEvents.endCall("c1", "alice", List.of("bob", "carol"), CallType.GROUP,
                CallResult.NORMAL_END, 0, 4, 60));
        assertThat(recorded.summary().getOutcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(recorded.alerts()).as("carol's answer may still be on its way").isEmpty();
        assertThat(recorded.armAt()).isEqualTo(100 + SETTLE);

        Step early = lifecycle.onTimer(KEY, session, 100 + SETTLE - 1);
        assertThat(early.alerts()).isEmpty();
        Step due = lifecycle.onTimer(KEY, session, 100 + SETTLE);

        assertThat(due.alerts()).extracting(MissedCallAlert::getCalleeId, MissedCallAlert::getReason)
                .containsExactly(tuple("carol", MissedReason.NO_ANSWER));
        assertThat(due.summary()).as("the summary said MISSED for carol already").isNull();
        assertThat(due.armAt()).isEqualTo(100 + RETENTION);
    }

    @Test
    void shouldReviseWithoutAlertWhenTheAnswerArrivesWhileAnInferredMissIsHeld() {
        send(0, FamilyEvents.startCall("c1", "alice", List.of("bob", "carol"), 0),
                FamilyEvents.memberChanged("c1", 4, List.of("alice", "bob"), List.of("carol"),
                        FamilyEvents.change("bob", MemberAction.ANSWER)));
        send(100, FamilyEvents.endCall("c1", "alice", List.of("bob", "carol"), CallType.GROUP,
                CallResult.NORMAL_END, 0, 4, 60));

        Step answer = send(200, FamilyEvents.memberChanged("c1", 6, List.of("alice", "bob", "carol"), List.of(),
                FamilyEvents.change("carol", MemberAction.ANSWER)));
        Step due = lifecycle.onTimer(KEY, session, 100 + SETTLE);

        assertThat(answer.summary().getRevision()).isEqualTo(2);
        assertThat(answer.summary().getParticipants()).extracting(p -> p.getOutcome())
                .containsOnly(io.callstream.avro.ParticipantOutcome.ANSWERED);
        assertThat(answer.alerts()).isEmpty();
        assertThat(due.alerts()).isEmpty();
    }

    @Test
    void shouldNotAlertAGroupCalleeWhoseOwnRejectArrivesAfterTheRecordsNotAnswer() {
        send(0, FamilyEvents.startCall("c1", "alice", List.of("bob", "carol"), 0));
        Step recorded = send(100, FamilyEvents.endCall("c1", "alice", List.of("bob", "carol"), CallType.GROUP,
                CallResult.NOT_ANSWER, 0, null, 30));
        assertThat(recorded.alerts()).as("a callee's own answer to the invitation may still be on its way").isEmpty();

        Step rejected = send(200, FamilyEvents.memberChanged("c1", 5, List.of("alice"), List.of("carol"),
                FamilyEvents.change("bob", MemberAction.REJECT)));
        Step due = lifecycle.onTimer(KEY, session, 100 + SETTLE);

        assertThat(rejected.alerts()).isEmpty();
        assertThat(due.alerts()).extracting(MissedCallAlert::getCalleeId, MissedCallAlert::getReason)
                .containsExactly(tuple("carol", MissedReason.NO_ANSWER));
    }

    @Test
    void shouldAlertCallerCancelledWhenAGroupInvitationIsWithdrawnAfterTheRecordsNotAnswer() {
        send(0, FamilyEvents.startCall("c1", "alice", List.of("bob", "carol"), 0));
        send(100, FamilyEvents.endCall("c1", "alice", List.of("bob", "carol"), CallType.GROUP,
                CallResult.NOT_ANSWER, 0, null, 30));

        Step withdrawn = send(200, FamilyEvents.memberChanged("c1", 5, List.of("alice"), List.of("carol"),
                FamilyEvents.change("bob", MemberAction.CANCEL_INVITE)));
        Step due = lifecycle.onTimer(KEY, session, 100 + SETTLE);

        assertThat(withdrawn.alerts()).extracting(MissedCallAlert::getCalleeId, MissedCallAlert::getReason)
                .containsExactly(tuple("bob", MissedReason.CALLER_CANCELLED));
        assertThat(due.alerts()).extracting(MissedCallAlert::getCalleeId, MissedCallAlert::getReason)
                .containsExactly(tuple("carol", MissedReason.NO_ANSWER));
    }

    @Test
    void shouldMoveTheTimerEntryFromIdleToSettleWhenTheCallIsDecided() {
        Step opened = send(0, caller("c1", "alice", START_CALL, 0));
        assertThat(opened.disarmAt()).isNull();
        assertThat(opened.armAt()).isEqualTo(IDLE);

        Step decided = send(500, caller("c1", "alice", CALL_BUSY, 1));

        assertThat(decided.disarmAt()).isEqualTo(IDLE);
        assertThat(decided.armAt()).isEqualTo(500 + SETTLE);
        assertThat(session.getTimerAt()).isEqualTo(500 + SETTLE);
    }

    /** Feeds events at wall time {@code now}; returns the last step. */
    private Step send(long now, CallEvent... events) {
        Step step = null;
        for (CallEvent e : events) {
            step = lifecycle.onEvent(KEY, session, e, now);
            session = step.session();
        }
        return step;
    }
}

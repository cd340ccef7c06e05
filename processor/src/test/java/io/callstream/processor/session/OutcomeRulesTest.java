package io.callstream.processor.session;

import static io.callstream.processor.session.Facts.ANSWERED;
import static io.callstream.processor.session.Facts.BUSY;
import static io.callstream.processor.session.Facts.CANCELLED;
import static io.callstream.processor.session.Facts.ENDED;
import static io.callstream.processor.session.Facts.FAILED;
import static io.callstream.processor.session.Facts.INTERRUPTED;
import static io.callstream.processor.session.Facts.MISSED;
import static io.callstream.processor.session.Facts.RECEIVED;
import static io.callstream.processor.session.Facts.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The participant rules of CONTRACT section 4, one row per case. */
class OutcomeRulesTest {

    static Stream<Arguments> calleeCases() {
        return Stream.of(
                // own facts, facts from the call/caller, outcome, alert reason
                Arguments.of(RECEIVED, 0, ParticipantOutcome.UNKNOWN, null),
                Arguments.of(RECEIVED | ANSWERED, 0, ParticipantOutcome.ANSWERED, null),
                Arguments.of(RECEIVED, ANSWERED, ParticipantOutcome.ANSWERED, null),
                Arguments.of(ANSWERED | INTERRUPTED, 0, ParticipantOutcome.INTERRUPTED, null),
                Arguments.of(ANSWERED, INTERRUPTED, ParticipantOutcome.INTERRUPTED, null),
                Arguments.of(ANSWERED | ENDED, 0, ParticipantOutcome.ANSWERED, null),
                Arguments.of(ENDED, ANSWERED, ParticipantOutcome.ANSWERED, null),
                Arguments.of(REJECTED, 0, ParticipantOutcome.REJECTED, null),
                Arguments.of(RECEIVED, REJECTED, ParticipantOutcome.REJECTED, null),
                Arguments.of(0, BUSY, ParticipantOutcome.BUSY, MissedReason.BUSY),
                Arguments.of(MISSED, 0, ParticipantOutcome.MISSED, MissedReason.NO_ANSWER),
                Arguments.of(RECEIVED, MISSED, ParticipantOutcome.MISSED, MissedReason.NO_ANSWER),
                Arguments.of(CANCELLED, 0, ParticipantOutcome.MISSED, MissedReason.CALLER_CANCELLED),
                Arguments.of(RECEIVED, CANCELLED, ParticipantOutcome.MISSED, MissedReason.CALLER_CANCELLED),
                Arguments.of(RECEIVED, FAILED, ParticipantOutcome.FAILED, null),
                Arguments.of(INTERRUPTED, 0, ParticipantOutcome.FAILED, null),
                Arguments.of(RECEIVED, ENDED, ParticipantOutcome.MISSED, MissedReason.NO_ANSWER),
                Arguments.of(REJECTED, MISSED, ParticipantOutcome.REJECTED, null),
                Arguments.of(MISSED, CANCELLED, ParticipantOutcome.MISSED, MissedReason.NO_ANSWER),
                Arguments.of(ANSWERED | MISSED, 0, ParticipantOutcome.ANSWERED, null));
    }

    @ParameterizedTest(name = "own {0}, propagated {1} -> {2} {3}")
    @MethodSource("calleeCases")
    void shouldDeriveCalleeOutcomeWhenFactsAreKnown(int own, int propagated, ParticipantOutcome outcome,
                                                    MissedReason reason) {
        Verdict v = OutcomeRules.calleeVerdict(own, propagated);

        assertThat(v.outcome()).isEqualTo(outcome);
        assertThat(v.missedReason()).isEqualTo(reason);
    }

    static Stream<Arguments> effects() {
        return Stream.of(
                Arguments.of(CallEventType.ACCEPT_CALL, ANSWERED, ANSWERED, 0),
                Arguments.of(CallEventType.CALL_ACCEPTED, 0, ANSWERED, ANSWERED),
                Arguments.of(CallEventType.REJECT_CALL, REJECTED, 0, 0),
                Arguments.of(CallEventType.CALL_REJECTED, 0, 0, REJECTED),
                Arguments.of(CallEventType.NOT_ANSWER_CALL, MISSED, 0, 0),
                Arguments.of(CallEventType.IGNORE_CALL, MISSED, 0, 0),
                Arguments.of(CallEventType.CALL_MISSED, 0, 0, MISSED),
                Arguments.of(CallEventType.CALL_BUSY, 0, 0, BUSY),
                Arguments.of(CallEventType.CANCEL_CALL, CANCELLED, CANCELLED, 0),
                Arguments.of(CallEventType.CALL_CANCELED, CANCELLED, CANCELLED, 0),
                Arguments.of(CallEventType.CALL_FAILED, FAILED, FAILED, 0),
                // a participant's own end: whether it ends the call depends on who and the call type (callFacts)
                Arguments.of(CallEventType.CALL_END, ENDED, 0, 0),
                Arguments.of(CallEventType.CALL_INTERRUPTED, INTERRUPTED, 0, 0),
                Arguments.of(CallEventType.RECEIVE_CALL, RECEIVED, 0, 0),
                Arguments.of(CallEventType.INVITE_USER, 0, 0, 0),
                Arguments.of(CallEventType.UNKNOWN, 0, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("effects")
    void shouldMapEventToFactsWhenEventTypeIsKnown(CallEventType type, int user, int call, int callerView) {
        EventEffect e = OutcomeRules.effectOf(type);

        assertThat(e.userFacts() & ~Facts.OWN_TERMINAL).isEqualTo(user);
        assertThat(e.callFacts()).isEqualTo(call);
        assertThat(e.callerView()).isEqualTo(callerView);
    }

    @ParameterizedTest
    @EnumSource(CallEventType.class)
    void shouldHaveAnEffectWhenAnyEventTypeArrives(CallEventType type) {
        assertThat(OutcomeRules.effectOf(type)).isNotNull();
    }

    @Test
    void shouldInferRoleFromEventSideWhenRoleIsUnknown() {
        assertThat(OutcomeRules.roleOf(CallRole.UNKNOWN, CallEventType.START_CALL)).isEqualTo(CallRole.CALLER);
        assertThat(OutcomeRules.roleOf(CallRole.UNKNOWN, CallEventType.ACCEPT_CALL)).isEqualTo(CallRole.CALLEE);
        assertThat(OutcomeRules.roleOf(CallRole.UNKNOWN, CallEventType.CALL_END)).isEqualTo(CallRole.UNKNOWN);
        assertThat(OutcomeRules.roleOf(CallRole.CALLEE, CallEventType.CALL_END)).isEqualTo(CallRole.CALLEE);
    }
}

package io.callstream.processor.session;

import static io.callstream.avro.CallEventType.CALL_BUSY;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.CANCEL_CALL;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.REJECT_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.processor.state.CallSession;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MissedCallDetectorTest {

    private static final SessionKey KEY = new SessionKey(io.callstream.processor.CallEvents.SDK_APP_ID, "c");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of(caller("c", "a", START_CALL, 0), callee("c", "b", NOT_ANSWER_CALL, 30)),
                        MissedReason.NO_ANSWER),
                Arguments.of(List.of(caller("c", "a", START_CALL, 0), callee("c", "b", RECEIVE_CALL, 1),
                        caller("c", "a", CALL_BUSY, 1)), MissedReason.BUSY),
                Arguments.of(List.of(caller("c", "a", START_CALL, 0), callee("c", "b", RECEIVE_CALL, 1),
                        caller("c", "a", CANCEL_CALL, 4)), MissedReason.CALLER_CANCELLED),
                Arguments.of(List.of(caller("c", "a", START_CALL, 0), callee("c", "b", REJECT_CALL, 4)), null),
                Arguments.of(List.of(caller("c", "a", START_CALL, 0), caller("c", "a", CALL_BUSY, 1)), null));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldAlertOnlyMissedBusyOrCancelledWhenCalleeIsKnown(List<CallEvent> events, MissedReason reason) {
        CallSession s = CallSessionAggregatorTest.mergeAll(events);
        List<MissedCallAlert> alerts = MissedCallDetector.newMisses(s, OutcomeRules.evaluate(s, false), false).stream()
                .map(m -> MissedCallDetector.alert(KEY, s, m, null)).toList();

        if (reason == null) {
            assertThat(alerts).isEmpty();
        } else {
            assertThat(alerts).singleElement().satisfies(a -> {
                assertThat(a.getReason()).isEqualTo(reason);
                assertThat(a.getAlertId()).isEqualTo(io.callstream.processor.CallEvents.SDK_APP_ID + ":c:b");
                assertThat(a.getCalleeId()).isEqualTo("b");
                assertThat(a.getCallerId()).isEqualTo("a");
            });
        }
    }

    @Test
    void shouldHoldBackAMissInferredFromTheCallEndUntilTheSessionCloses() {
        CallSession s = CallSessionAggregatorTest.mergeAll(List.of(caller("c", "a", START_CALL, 0),
                callee("c", "b", RECEIVE_CALL, 1), caller("c", "a", CALL_END, 40)));

        assertThat(MissedCallDetector.newMisses(s, OutcomeRules.evaluate(s, false), false)).isEmpty();
        assertThat(MissedCallDetector.newMisses(s, OutcomeRules.evaluate(s, false), true))
                .extracting(m -> m.callee().getUserId(), MissedCallDetector.Miss::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", MissedReason.NO_ANSWER));
    }

    @Test
    void shouldOnlyReadTheSessionWhenFindingMisses() {
        CallSession s = CallSessionAggregatorTest.mergeAll(List.of(caller("c", "a", START_CALL, 0),
                callee("c", "b", NOT_ANSWER_CALL, 30)));
        CallSession before = CallSession.newBuilder(s).build();

        assertThat(MissedCallDetector.newMisses(s, OutcomeRules.evaluate(s, false), true)).hasSize(1);
        assertThat(MissedCallDetector.newMisses(s, OutcomeRules.evaluate(s, false), true)).hasSize(1);
        assertThat(s).isEqualTo(before);
    }
}

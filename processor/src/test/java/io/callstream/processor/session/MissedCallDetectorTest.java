package io.callstream.processor.session;

import static io.callstream.avro.CallEventType.CALL_BUSY;
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
        List<MissedCallAlert> alerts = MissedCallDetector.detect("c", s, OutcomeRules.evaluate(s, false), null);

        if (reason == null) {
            assertThat(alerts).isEmpty();
        } else {
            assertThat(alerts).singleElement().satisfies(a -> {
                assertThat(a.getReason()).isEqualTo(reason);
                assertThat(a.getAlertId()).isEqualTo("c:b");
                assertThat(a.getCalleeId()).isEqualTo("b");
                assertThat(a.getCallerId()).isEqualTo("a");
            });
        }
    }

    @Test
    void shouldAlertOnceWhenMissIsSeenAgain() {
        CallSession s = CallSessionAggregatorTest.mergeAll(List.of(caller("c", "a", START_CALL, 0),
                callee("c", "b", NOT_ANSWER_CALL, 30)));
        assertThat(MissedCallDetector.detect("c", s, OutcomeRules.evaluate(s, false), null)).hasSize(1);

        CallSessionAggregator.merge(s, caller("c", "a", io.callstream.avro.CallEventType.CALL_MISSED, 30), 0);
        assertThat(MissedCallDetector.detect("c", s, OutcomeRules.evaluate(s, false), null)).isEmpty();
        assertThat(MissedCallDetector.detect("c", s, OutcomeRules.evaluate(s, true), 99L)).isEmpty();
    }
}

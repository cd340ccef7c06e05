package io.callstream.processor.session;

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
import static io.callstream.avro.CallEventType.IGNORE_CALL;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.REJECT_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static io.callstream.processor.CallEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.processor.state.CallSession;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Call outcomes and completeness from whole event sets, and order-insensitivity of the merge. */
class CallSessionAggregatorTest {

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("answered and ended", List.of(caller("c", "a", START_CALL, 0), callee("c", "b", ACCEPT_CALL, 2),
                        caller("c", "a", CALL_END, 9), callee("c", "b", CALL_END, 9)), CallOutcome.COMPLETED, true),
                Arguments.of("answered, only caller ended", List.of(caller("c", "a", START_CALL, 0),
                        callee("c", "b", ACCEPT_CALL, 2), caller("c", "a", CALL_END, 9)), CallOutcome.COMPLETED, false),
                Arguments.of("answered, not ended", List.of(caller("c", "a", START_CALL, 0),
                        callee("c", "b", ACCEPT_CALL, 2)), null, false),
                Arguments.of("interrupted", List.of(caller("c", "a", START_CALL, 0), caller("c", "a", CALL_ACCEPTED, 2),
                        caller("c", "a", CALL_INTERRUPTED, 9)), CallOutcome.INTERRUPTED, false),
                Arguments.of("no answer", List.of(caller("c", "a", START_CALL, 0), callee("c", "b", NOT_ANSWER_CALL, 30),
                        caller("c", "a", CALL_MISSED, 30)), CallOutcome.MISSED, true),
                Arguments.of("ignored", List.of(caller("c", "a", START_CALL, 0), callee("c", "b", IGNORE_CALL, 3)),
                        CallOutcome.MISSED, false),
                Arguments.of("rejected by callee", List.of(caller("c", "a", START_CALL, 0), callee("c", "b", REJECT_CALL, 3),
                        caller("c", "a", CALL_REJECTED, 3)), CallOutcome.REJECTED, true),
                Arguments.of("rejected, caller only", List.of(caller("c", "a", START_CALL, 0),
                        caller("c", "a", CALL_REJECTED, 3)), CallOutcome.REJECTED, false),
                Arguments.of("busy", List.of(caller("c", "a", START_CALL, 0), caller("c", "a", CALL_BUSY, 1)),
                        CallOutcome.BUSY, false),
                Arguments.of("cancelled", List.of(caller("c", "a", START_CALL, 0), callee("c", "b", RECEIVE_CALL, 1),
                        caller("c", "a", CANCEL_CALL, 5), callee("c", "b", CALL_CANCELED, 5)), CallOutcome.CANCELLED, true),
                Arguments.of("failed", List.of(caller("c", "a", START_CALL, 0), caller("c", "a", CALL_FAILED, 1)),
                        CallOutcome.FAILED, false),
                Arguments.of("ringing", List.of(caller("c", "a", START_CALL, 0), callee("c", "b", RECEIVE_CALL, 1)),
                        null, false),
                Arguments.of("group, all rejected", List.of(group("a", CallRole.CALLER, START_CALL, 0),
                        group("b", CallRole.CALLEE, REJECT_CALL, 2), group("d", CallRole.CALLEE, REJECT_CALL, 3)),
                        CallOutcome.REJECTED, false),
                Arguments.of("group, one rejected one missed", List.of(group("a", CallRole.CALLER, START_CALL, 0),
                        group("b", CallRole.CALLEE, REJECT_CALL, 2), group("d", CallRole.CALLEE, NOT_ANSWER_CALL, 30),
                        group("a", CallRole.CALLER, CALL_END, 30)), CallOutcome.MISSED, true),
                Arguments.of("group, one answered", List.of(group("a", CallRole.CALLER, START_CALL, 0),
                        group("b", CallRole.CALLEE, ACCEPT_CALL, 2), group("d", CallRole.CALLEE, RECEIVE_CALL, 1),
                        group("b", CallRole.CALLEE, CALL_END, 40), group("a", CallRole.CALLER, CALL_END, 40)),
                        CallOutcome.COMPLETED, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void shouldDecideOutcomeWhenEventsAreMerged(String name, List<CallEvent> events, CallOutcome outcome,
                                                boolean complete) {
        CallSession s = mergeAll(events);
        CallView view = OutcomeRules.evaluate(s, false);

        assertThat(view.outcome()).isEqualTo(outcome);
        assertThat(CallSessionAggregator.complete(s, view)).isEqualTo(complete);
    }

    @Test
    void shouldBuildTheSameSummaryWhenEventsArriveInAnyOrder() {
        List<CallEvent> events = List.of(caller("c", "alice", START_CALL, 0), callee("c", "bob", RECEIVE_CALL, 1),
                callee("c", "bob", ACCEPT_CALL, 5), caller("c", "alice", CALL_ACCEPTED, 5),
                caller("c", "alice", CALL_END, 65), callee("c", "bob", CALL_END, 65));
        CallSummary reference = summarise(mergeAll(events));
        List<List<CallEvent>> orders = new ArrayList<>();
        permutations(new ArrayList<>(events), 0, orders);

        assertThat(orders).hasSize(720);
        for (List<CallEvent> order : orders) {
            assertThat(summarise(mergeAll(order))).isEqualTo(reference);
        }
    }

    @Test
    void shouldCountDuplicateAndChangeNothingElseWhenEventIdRepeats() {
        CallEvent start = caller("c", "alice", START_CALL, 0);
        CallSession s = mergeAll(List.of(start));
        CallSummary before = summarise(s);

        assertThat(CallSessionAggregator.merge(s, start, 5)).isEqualTo(CallSessionAggregator.Merge.DUPLICATE);
        assertThat(s.getDuplicateCount()).isEqualTo(1);
        assertThat(s.getEventCount()).isEqualTo(1);
        CallSummary after = summarise(s);
        after.setDuplicateCount(0);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void shouldKeepTheNewestIdsWhenMoreThanMaxEventsArrive() {
        CallSession s = CallSessionAggregator.newSession(caller("c", "a", START_CALL, 0), 0);
        for (int i = 0; i < SeenEventIds.MAX + 10; i++) {
            CallEvent e = caller("c", "a", io.callstream.avro.CallEventType.UNKNOWN, i);
            CallSessionAggregator.merge(s, e, 0);
        }
        assertThat(SeenEventIds.count(s.getEventIds())).isEqualTo(SeenEventIds.MAX);
        assertThat(CallSessionAggregator.merge(s, caller("c", "a", io.callstream.avro.CallEventType.UNKNOWN,
                SeenEventIds.MAX + 9), 0)).isEqualTo(CallSessionAggregator.Merge.DUPLICATE);
    }

    static CallSession mergeAll(List<CallEvent> events) {
        CallSession s = CallSessionAggregator.newSession(events.get(0), 0);
        for (CallEvent e : events) {
            CallSessionAggregator.merge(s, e, 0);
        }
        return s;
    }

    private static CallSummary summarise(CallSession s) {
        return SummaryBuilder.build(new SessionKey(io.callstream.processor.CallEvents.SDK_APP_ID, "c"), s, OutcomeRules.evaluate(s, false), ClosedBy.EVENTS, 1);
    }

    private static CallEvent group(String user, CallRole role, io.callstream.avro.CallEventType type, int s) {
        return event("c", user, role, type, CallType.GROUP, s);
    }

    private static void permutations(List<CallEvent> xs, int k, List<List<CallEvent>> out) {
        if (k == xs.size()) {
            out.add(List.copyOf(xs));
            return;
        }
        for (int i = k; i < xs.size(); i++) {
            java.util.Collections.swap(xs, k, i);
            permutations(xs, k + 1, out);
            java.util.Collections.swap(xs, k, i);
        }
    }
}

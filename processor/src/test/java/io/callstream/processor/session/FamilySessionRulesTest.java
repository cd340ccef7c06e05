package io.callstream.processor.session;

import static io.callstream.avro.CallEventType.REJECT_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.at;
import static io.callstream.processor.CallEvents.event;
import static io.callstream.processor.FamilyEvents.change;
import static io.callstream.processor.FamilyEvents.endCall;
import static io.callstream.processor.FamilyEvents.memberChanged;
import static io.callstream.processor.FamilyEvents.startCall;
import static io.callstream.processor.session.CallSessionAggregatorTest.mergeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MemberAction;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.processor.state.CallSession;
import io.callstream.processor.state.ParticipantState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Session rules that the v4 callbacks and the end-of-call records bring: participants, group decisions, times. */
class FamilySessionRulesTest {

    private static final List<String> NONE = List.of();

    @Test
    void shouldWaitForEveryCalleeTotalNumAnnouncesWhenAGroupCallIsRejected() {
        List<CallEvent> events = new ArrayList<>(List.of(group("alice", CallRole.CALLER, START_CALL, 0),
                group("bob", CallRole.CALLEE, REJECT_CALL, 2), group("carol", CallRole.CALLEE, REJECT_CALL, 3)));
        events.replaceAll(e -> CallEvent.newBuilder(e).setTotalNum(4).build());
        assertThat(OutcomeRules.evaluate(mergeAll(events), false).outcome()).as("dave not heard of yet").isNull();

        events.add(CallEvent.newBuilder(group("dave", CallRole.CALLEE, REJECT_CALL, 4)).setTotalNum(4).build());

        assertThat(OutcomeRules.evaluate(mergeAll(events), false).outcome()).isEqualTo(CallOutcome.REJECTED);
    }

    @Test
    void shouldWaitForEveryCalleeOfTheStartListWhenAGroupCallIsNotAnswered() {
        List<CallEvent> events = new ArrayList<>(List.of(startCall("c", "alice", List.of("bob", "carol", "dave"), 0),
                memberChanged("c", 3, List.of("alice"), List.of("carol", "dave"), change("bob", MemberAction.REJECT)),
                memberChanged("c", 30, List.of("alice"), List.of("dave"), change("carol", MemberAction.NOT_ANSWER))));
        assertThat(OutcomeRules.evaluate(mergeAll(events), false).outcome()).as("dave still rings").isNull();

        events.add(memberChanged("c", 31, List.of("alice"), NONE, change("dave", MemberAction.REJECT)));

        assertThat(OutcomeRules.evaluate(mergeAll(events), false).outcome()).isEqualTo(CallOutcome.MISSED);
    }

    @Test
    void shouldKeepAGroupCallGoingWhenOneCalleeHangsUp() {
        List<CallEvent> events = new ArrayList<>(List.of(startCall("c", "alice", List.of("bob", "carol"), 0),
                memberChanged("c", 3, List.of("alice", "bob"), List.of("carol"), change("bob", MemberAction.ANSWER)),
                memberChanged("c", 4, List.of("alice", "bob", "carol"), NONE, change("carol", MemberAction.ANSWER)),
                memberChanged("c", 40, List.of("alice", "carol"), NONE, change("bob", MemberAction.HANG_UP))));
        assertThat(OutcomeRules.evaluate(mergeAll(events), false).outcome()).as("alice and carol still talk").isNull();

        events.add(memberChanged("c", 50, List.of("alice"), NONE, change("carol", MemberAction.HANG_UP)));

        CallView view = OutcomeRules.evaluate(mergeAll(events), false);
        assertThat(view.outcome()).as("only the caller is left").isEqualTo(CallOutcome.COMPLETED);
        assertThat(view.verdicts()).extracting(Verdict::outcome).containsOnly(ParticipantOutcome.ANSWERED);
    }

    @Test
    void shouldNotInterruptAGroupCallWhenOneParticipantGoesOffline() {
        CallSession s = mergeAll(List.of(startCall("c", "alice", List.of("bob", "carol"), 0),
                memberChanged("c", 3, List.of("alice", "bob"), List.of("carol"), change("bob", MemberAction.ANSWER)),
                memberChanged("c", 4, List.of("alice", "bob", "carol"), NONE, change("carol", MemberAction.ANSWER)),
                memberChanged("c", 20, List.of("alice", "carol"), NONE, change("bob", MemberAction.OFFLINE)),
                endCall("c", "alice", List.of("bob", "carol"), CallType.GROUP, CallResult.NORMAL_END, 0, 3, 60)));

        CallView view = OutcomeRules.evaluate(s, false);

        assertThat(view.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(view.verdicts()).extracting(Verdict::outcome).containsExactly(ParticipantOutcome.ANSWERED,
                ParticipantOutcome.INTERRUPTED, ParticipantOutcome.ANSWERED);
    }

    @Test
    void shouldInterruptA1to1CallWhenTheCalleeGoesOffline() {
        CallSession s = mergeAll(List.of(startCall("c", "alice", List.of("bob"), 0),
                memberChanged("c", 3, List.of("alice", "bob"), NONE, change("bob", MemberAction.ANSWER)),
                memberChanged("c", 20, List.of("alice"), NONE, change("bob", MemberAction.OFFLINE))));

        assertThat(OutcomeRules.evaluate(s, false).outcome()).isEqualTo(CallOutcome.INTERRUPTED);
    }

    @Test
    void shouldNeverMakeTheCallerACalleeWhateverOrderTheUserListsAndTheRecordArriveIn() {
        List<CallEvent> events = List.of(
                memberChanged("c", 3, List.of("alice", "bob"), NONE, change("bob", MemberAction.ANSWER)),
                memberChanged("c", 65, List.of("bob"), NONE, change("alice", MemberAction.HANG_UP)),
                endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.NORMAL_END, 0, 3, 65));
        for (List<CallEvent> order : orders(events)) {
            CallSession s = mergeAll(order);
            assertThat(s.getParticipants()).extracting(ParticipantState::getUserId, p -> CallRole.values()[p.getRole()])
                    .as("order %s", order.stream().map(CallEvent::getEventId).toList())
                    .containsExactly(tuple("alice", CallRole.CALLER), tuple("bob", CallRole.CALLEE));
            assertThat(OutcomeRules.evaluate(s, false).outcome()).isEqualTo(CallOutcome.COMPLETED);
        }
    }

    @Test
    void shouldLeaveAUserOfUnknownRoleOutOfTheCalleesWhileNoCallbackNamedTheCaller() {
        CallSession s = mergeAll(List.of(memberChanged("c", 65, List.of("bob"), NONE, change("alice", MemberAction.HANG_UP))));

        assertThat(s.getParticipants()).extracting(p -> CallRole.values()[p.getRole()])
                .containsExactly(CallRole.UNKNOWN, CallRole.UNKNOWN);
        assertThat(OutcomeRules.evaluate(s, false).verdicts()).containsOnly(Verdict.UNKNOWN);
    }

    @Test
    void shouldTakeTheEndRecordsTimesWhateverTheOrder() {
        List<CallEvent> events = List.of(startCall("c", "alice", List.of("bob"), 1),
                memberChanged("c", 6, List.of("alice", "bob"), NONE, change("bob", MemberAction.ANSWER)),
                memberChanged("c", 66, List.of("bob"), NONE, change("alice", MemberAction.HANG_UP)),
                endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65));
        for (List<CallEvent> order : orders(events)) {
            CallSession s = mergeAll(order);
            assertThat(List.of(s.getStartHint(), s.getAnsweredAt(), s.getEndHint()))
                    .containsExactly(at(0), at(5), at(65));
        }
    }

    @Test
    void shouldTreatACallOfUnknownTypeAsAGroupCallWhenItHasMoreThanOneCallee() {
        assertThat(OutcomeRules.isSingle(mergeAll(List.of(startCall("c", "alice", List.of("bob"), 0))))).isTrue();
        assertThat(OutcomeRules.isSingle(mergeAll(List.of(startCall("c", "alice", List.of("bob", "carol"), 0)))))
                .isFalse();
    }

    private static CallEvent group(String user, CallRole role, io.callstream.avro.CallEventType type, int s) {
        return event("c", user, role, type, CallType.GROUP, s);
    }

    private static List<List<CallEvent>> orders(List<CallEvent> events) {
        List<List<CallEvent>> out = new ArrayList<>();
        permute(new ArrayList<>(events), 0, out);
        return out;
    }

    private static void permute(List<CallEvent> xs, int k, List<List<CallEvent>> out) {
        if (k == xs.size()) {
            out.add(List.copyOf(xs));
            return;
        }
        for (int i = k; i < xs.size(); i++) {
            Collections.swap(xs, k, i);
            permute(xs, k + 1, out);
            Collections.swap(xs, k, i);
        }
    }
}

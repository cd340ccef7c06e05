package io.callstream.deploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallType;
import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The v1 event callbacks of each scenario (the default format) and what each must produce. */
class CallFactoryTest {

    private final CallFactory factory = new CallFactory(42, "run", 1_800_000_000L, 1000);

    private static List<String> events(PlannedCall c) {
        return c.webhooks().stream().map(w -> roleOf(w) + ":" + w.event()).toList();
    }

    private static String roleOf(WebhookRequest w) {
        return w.body().contains("\"Role\":\"caller\"") ? "caller" : "callee";
    }

    @Test
    void shouldSendBothSidesCallbacksWhenTheCallIsAnswered() {
        PlannedCall c = factory.next(Scenario.ANSWERED);

        assertThat(events(c).subList(0, 4)).containsExactly("caller:start_call", "callee:receive_call",
                "callee:accept_call", "caller:call_accepted");
        assertThat(events(c).subList(4, 6)).containsExactlyInAnyOrder("caller:call_end", "callee:call_end");
        assertThat(c.expected().outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(c.expected().callType()).isEqualTo(CallType.SINGLE);
        assertThat(c.expected().callees()).containsOnlyKeys(calleeOf(c)).containsValue(ParticipantOutcome.ANSWERED);
        assertThat(c.expected().alerts()).isEmpty();
        assertThat(c.expected().talkDurationMs()).isPositive();
        assertThat(c.expected().ringDurationMs()).isPositive();
    }

    @Test
    void shouldCarryCallTimesOnNormalEndWhenTheCallIsAnswered() {
        PlannedCall c = factory.next(Scenario.ANSWERED);
        ExpectedCall e = c.expected();

        assertThat(c.webhooks().subList(4, 6)).allSatisfy(end -> {
            assertThat(end.command()).isEqualTo("normal_end");
            assertThat(end.body()).contains("\"CallResult\":\"normal_end\"",
                    "\"StartCallTs\":" + e.startedAt().getEpochSecond(),
                    "\"AcceptTs\":" + e.answeredAt().getEpochSecond(),
                    "\"EndTs\":" + e.endedAt().getEpochSecond());
        });
    }

    @Test
    void shouldExpectANoAnswerAlertWhenTheCalleeMisses() {
        PlannedCall c = factory.next(Scenario.MISSED);

        assertThat(events(c)).containsExactly("caller:start_call", "callee:receive_call", "callee:not_answer_call",
                "caller:call_missed");
        assertThat(c.expected().outcome()).isEqualTo(CallOutcome.MISSED);
        assertThat(c.expected().alerts()).isEqualTo(Map.of(calleeOf(c), MissedReason.NO_ANSWER));
        assertThat(c.expected().talkDurationMs()).isZero();
        assertThat(c.expected().ringDurationMs()).isNull();
    }

    @Test
    void shouldExpectACallerCancelledAlertWhenTheCallerCancels() {
        PlannedCall c = factory.next(Scenario.CANCELLED);

        assertThat(events(c)).containsExactly("caller:start_call", "callee:receive_call", "caller:cancel_call",
                "callee:call_canceled");
        assertThat(c.expected().outcome()).isEqualTo(CallOutcome.CANCELLED);
        assertThat(c.expected().callees()).containsValue(ParticipantOutcome.MISSED);
        assertThat(c.expected().alerts()).containsValue(MissedReason.CALLER_CANCELLED);
    }

    @Test
    void shouldExpectNoAlertWhenOnlyTheCallerReportsABusyLine() {
        PlannedCall c = factory.next(Scenario.BUSY);

        assertThat(events(c)).containsExactly("caller:start_call", "caller:call_busy");
        assertThat(c.expected().outcome()).isEqualTo(CallOutcome.BUSY);
        assertThat(c.expected().callees()).isEmpty();
        assertThat(c.expected().alerts()).isEmpty();
    }

    @Test
    void shouldExpectNoAlertWhenTheCalleeRejects() {
        PlannedCall c = factory.next(Scenario.REJECTED);

        assertThat(events(c)).containsExactly("caller:start_call", "callee:receive_call", "callee:reject_call",
                "caller:call_rejected");
        assertThat(c.expected().outcome()).isEqualTo(CallOutcome.REJECTED);
        assertThat(c.expected().alerts()).isEmpty();
    }

    @Test
    void shouldExpectAnInterruptedCallWhenOneSideDropsOutAfterAnswering() {
        PlannedCall c = factory.next(Scenario.OFFLINE);

        assertThat(events(c).subList(0, 4)).containsExactly("caller:start_call", "callee:receive_call",
                "callee:accept_call", "caller:call_accepted");
        // the dropped side's app cannot report: only the other side sees the call break off
        assertThat(events(c).subList(4, events(c).size())).hasSize(1)
                .first().asString().endsWith(":call_interrupted");
        assertThat(c.webhooks().get(4).body()).contains("\"CallResult\":\"interrupt\"");
        assertThat(c.expected().outcome()).isEqualTo(CallOutcome.INTERRUPTED);
        assertThat(c.expected().callees()).containsValue(ParticipantOutcome.INTERRUPTED);
        assertThat(c.expected().alerts()).isEmpty();
        assertThat(c.expected().talkDurationMs()).isPositive();
    }

    @Test
    void shouldAlertEveryMissingMemberWhenAGroupCallEnds() {
        for (int i = 0; i < 200; i++) {
            ExpectedCall e = factory.next(Scenario.GROUP).expected();
            boolean answered = e.callees().containsValue(ParticipantOutcome.ANSWERED);
            boolean allRejected = e.callees().values().stream().allMatch(o -> o == ParticipantOutcome.REJECTED);

            assertThat(e.callees()).hasSizeBetween(2, 6);
            assertThat(e.callType()).isEqualTo(CallType.GROUP);
            assertThat(e.outcome()).isEqualTo(answered ? CallOutcome.COMPLETED
                    : allRejected ? CallOutcome.REJECTED : CallOutcome.MISSED);
            assertThat(e.alerts().keySet()).containsExactlyInAnyOrderElementsOf(e.callees().entrySet().stream()
                    .filter(x -> x.getValue() == ParticipantOutcome.MISSED).map(Map.Entry::getKey).toList());
            // no v1 callback withdraws one invitation, so a v1 group call has no CALLER_CANCELLED
            assertThat(e.alerts()).doesNotContainValue(MissedReason.CALLER_CANCELLED);
            assertThat(e.callees()).doesNotContainKey(e.callerId());
        }
    }

    @Test
    void shouldInviteAndJoinUsersWhenAGroupCallIsUnderWay() {
        List<PlannedCall> calls = IntStream.range(0, 100).mapToObj(i -> factory.next(Scenario.GROUP)).toList();

        PlannedCall invited = calls.stream().filter(c -> events(c).contains("callee:invite_user")).findFirst().orElseThrow();
        List<String> hooks = events(invited);
        assertThat(hooks.indexOf("callee:invite_user")).isGreaterThan(hooks.indexOf("callee:accept_call"));
        String invitee = userOf(invited.webhooks().get(hooks.indexOf("callee:invite_user")));
        assertThat(invited.webhooks()).filteredOn(w -> w.body().contains("\"UserId\":\"" + invitee + "\""))
                .extracting(WebhookRequest::event).startsWith("invite_user", "receive_call");
        assertThat(invited.expected().callees()).containsKey(invitee);

        PlannedCall joined = calls.stream().filter(c -> events(c).contains("callee:join_in_group_call")).findFirst()
                .orElseThrow();
        String joiner = userOf(joined.webhooks().get(events(joined).indexOf("callee:join_in_group_call")));
        assertThat(joined.expected().callees()).containsEntry(joiner, ParticipantOutcome.ANSWERED);
        // TotalNum counts everyone in the call so far: it grows when someone joins
        assertThat(totalNum(joined.webhooks().get(events(joined).indexOf("callee:join_in_group_call"))))
                .isGreaterThan(totalNum(joined.webhooks().get(0))).isGreaterThan(joined.story().callees().size());
    }

    @Test
    void shouldUseTheCommandWordsOfTheCallbackSpecWhenBuildingQueries() {
        PlannedCall c = factory.next(Scenario.ANSWERED);

        assertThat(c.webhooks()).extracting(WebhookRequest::command).containsExactly("caller_start_call",
                "callee_receive_call", "callee_accept_call", "caller_call_accepted", "normal_end", "normal_end");
        assertThat(c.webhooks().get(0).pathAndQuery(1400000001L)).startsWith(
                "/callbacks/callkit?sdkappid=1400000001&command=caller_start_call&contenttype=json&clientip=");
    }

    @Test
    void shouldMakeTheSameCallsWhenTheSeedIsTheSame() {
        CallFactory a = new CallFactory(7, "r", 1_800_000_000L, 100, CallbackFormat.MIXED);
        CallFactory b = new CallFactory(7, "r", 1_800_000_000L, 100, CallbackFormat.MIXED);

        for (int i = 0; i < 20; i++) {
            assertThat(a.next(Scenario.GROUP)).isEqualTo(b.next(Scenario.GROUP));
        }
    }

    @Test
    void shouldRefuseAUserPoolWhenAGroupCallCouldNotFindDistinctUsers() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallFactory(1, "r", 1_800_000_000L, 3))
                .hasMessageContaining("a user pool of 3 is too small");
    }

    private static String calleeOf(PlannedCall c) {
        return c.expected().callees().isEmpty() ? null : c.expected().callees().keySet().iterator().next();
    }

    private static int totalNum(WebhookRequest w) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"TotalNum\":(\\d+)").matcher(w.body());
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String userOf(WebhookRequest w) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"UserId\":\"([^\"]+)\"").matcher(w.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}

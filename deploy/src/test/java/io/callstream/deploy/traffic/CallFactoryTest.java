package io.callstream.deploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

        assertThat(events(c)).containsExactly("caller:start_call", "callee:receive_call", "callee:accept_call",
                "caller:call_accepted", "caller:call_end", "callee:call_end");
        assertThat(c.expected().outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(c.expected().callees()).containsOnlyKeys(calleeOf(c)).containsValue(ParticipantOutcome.ANSWERED);
        assertThat(c.expected().alerts()).isEmpty();
        assertThat(c.expected().talkDurationMs()).isPositive();
        assertThat(c.expected().ringDurationMs()).isPositive();
    }

    @Test
    void shouldCarryCallTimesOnNormalEndWhenTheCallIsAnswered() {
        PlannedCall c = factory.next(Scenario.ANSWERED);
        ExpectedCall e = c.expected();
        WebhookRequest end = c.webhooks().get(4);

        assertThat(end.command()).isEqualTo("normal_end");
        assertThat(end.body()).contains("\"CallResult\":\"normal_end\"",
                "\"StartCallTs\":" + e.startedAt().getEpochSecond(),
                "\"AcceptTs\":" + e.answeredAt().getEpochSecond(),
                "\"EndTs\":" + e.endedAt().getEpochSecond());
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

        assertThat(c.expected().outcome()).isEqualTo(CallOutcome.REJECTED);
        assertThat(c.expected().alerts()).isEmpty();
    }

    @Test
    void shouldAlertEveryMissingMemberWhenAGroupCallEnds() {
        for (int i = 0; i < 200; i++) {
            ExpectedCall e = factory.next(Scenario.GROUP).expected();
            boolean answered = e.callees().containsValue(ParticipantOutcome.ANSWERED);
            boolean allRejected = e.callees().values().stream().allMatch(o -> o == ParticipantOutcome.REJECTED);

            assertThat(e.callees()).hasSizeBetween(2, 4);
            assertThat(e.outcome()).isEqualTo(answered ? CallOutcome.COMPLETED
                    : allRejected ? CallOutcome.REJECTED : CallOutcome.MISSED);
            assertThat(e.alerts().keySet()).containsExactlyInAnyOrderElementsOf(e.callees().entrySet().stream()
                    .filter(x -> x.getValue() == ParticipantOutcome.MISSED).map(Map.Entry::getKey).toList());
            assertThat(e.callees()).doesNotContainKey(e.callerId());
        }
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
        CallFactory a = new CallFactory(7, "r", 1_800_000_000L, 100);
        CallFactory b = new CallFactory(7, "r", 1_800_000_000L, 100);

        assertThat(a.next(Scenario.GROUP)).isEqualTo(b.next(Scenario.GROUP));
    }

    private static String calleeOf(PlannedCall c) {
        return c.expected().callees().isEmpty() ? null : c.expected().callees().keySet().iterator().next();
    }

    @Test
    void shouldKeepEveryCallbackInThePastWhenMakingCalls() {
        for (Scenario s : Scenario.values()) {
            for (int i = 0; i < 300; i++) {
                assertThat(factory.next(s).webhooks()).allSatisfy(w -> assertThat(eventTime(w)).isLessThan(1_800_000_000L));
            }
        }
    }

    private static long eventTime(WebhookRequest w) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(?:EventTime|EndTs)\":(\\d+)").matcher(w.body());
        long max = 0;
        while (m.find()) {
            max = Math.max(max, Long.parseLong(m.group(1)));
        }
        return max;
    }
}

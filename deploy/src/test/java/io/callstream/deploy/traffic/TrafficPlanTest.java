package io.callstream.deploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficPlanTest {

    private static List<WebhookRequest> drain(TrafficPlan plan) {
        List<WebhookRequest> all = new ArrayList<>();
        plan.forEachRemaining(all::add);
        return all;
    }

    private static TrafficPlan plan(TrafficMix mix, long calls) {
        return new TrafficPlan(new CallFactory(1, "t", 1_800_000_000L, 500), mix, calls, 20, 1, true);
    }

    @Test
    void shouldKeepEachCallsOrderWhenNothingIsShuffled() {
        TrafficPlan plan = plan(new TrafficMix(TrafficMix.defaults().weights(), 0, 0), 300);
        List<WebhookRequest> sent = drain(plan);

        Map<String, List<WebhookRequest>> byCall = new HashMap<>();
        sent.forEach(w -> byCall.computeIfAbsent(w.callId(), k -> new ArrayList<>()).add(w));
        assertThat(byCall).hasSize(300);
        // the interleaving keeps per-call order: the first callback of every call is its start_call
        assertThat(byCall.values()).allSatisfy(hooks -> assertThat(hooks.get(0).event()).isEqualTo("start_call"));
        assertThat(plan.expectations()).hasSize(300);
    }

    @Test
    void shouldInterleaveCallsWhenAWindowHoldsSeveral() {
        List<WebhookRequest> sent = drain(plan(new TrafficMix(TrafficMix.defaults().weights(), 0, 0), 40));

        long switches = 0;
        for (int i = 1; i < sent.size(); i++) {
            if (!sent.get(i).callId().equals(sent.get(i - 1).callId())) {
                switches++;
            }
        }
        assertThat(switches).isGreaterThan(40);
    }

    @Test
    void shouldDeliverIdenticalCopiesAfterTheOriginalWhenDuplicating() {
        TrafficPlan plan = plan(new TrafficMix(TrafficMix.defaults().weights(), 0, 0.2), 200);
        List<WebhookRequest> sent = drain(plan);

        long distinct = sent.stream().distinct().count();
        assertThat(sent.size() - distinct).isEqualTo(plan.duplicatesPlanned()).isPositive();
        Map<WebhookRequest, Integer> first = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            Integer seen = first.putIfAbsent(sent.get(i), i);
            if (seen != null) {
                assertThat(seen).isLessThan(i);
            }
        }
    }

    @Test
    void shouldDeliverSomeCallsOutOfOrderWhenShuffling() {
        List<WebhookRequest> sent = drain(plan(new TrafficMix(TrafficMix.parseWeights("answered=1"), 1.0, 0), 100));

        Map<String, String> firstEvent = new HashMap<>();
        sent.forEach(w -> firstEvent.putIfAbsent(w.callId(), w.event()));
        assertThat(firstEvent.values()).anyMatch(e -> !e.equals("start_call"));
    }

    @Test
    void shouldOnlyMakeTheMixedScenariosWhenWeightsLeaveSomeOut() {
        TrafficPlan plan = plan(new TrafficMix(TrafficMix.parseWeights("busy=1,cancelled=1"), 0, 0), 100);
        drain(plan);

        assertThat(plan.expectations()).extracting(ExpectedCall::scenario)
                .containsOnly(Scenario.BUSY, Scenario.CANCELLED);
    }

    @Test
    void shouldRejectAMixWhenItNamesAnUnknownScenario() {
        assertThatThrownBy(() -> TrafficMix.parseWeights("answered=1,ringing=2"))
                .hasMessageContaining("unknown scenario 'ringing'");
        assertThatThrownBy(() -> TrafficMix.parseWeights("answered"))
                .hasMessageContaining("not scenario=weight");
    }
}

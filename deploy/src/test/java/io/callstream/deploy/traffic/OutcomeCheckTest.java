package io.callstream.deploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeCheckTest {

    private final CallFactory factory = new CallFactory(3, "chk", 1_800_000_000L, 100);

    @Test
    void shouldFindNothingWhenTheOutputIsAsExpected() {
        for (Scenario s : Scenario.values()) {
            ExpectedCall e = factory.next(s).expected();

            assertThat(OutcomeCheck.mismatches(e, OutcomeCheckFixtures.summaryFor(e), OutcomeCheckFixtures.alertsFor(e))).as(s.name()).isEmpty();
        }
    }

    @Test
    void shouldReportTheOutcomeWhenTheSummarySaysOtherwise() {
        ExpectedCall e = factory.next(Scenario.MISSED).expected();
        CallSummary wrong = OutcomeCheckFixtures.summaryFor(e);
        wrong.setOutcome(io.callstream.avro.CallOutcome.REJECTED);

        assertThat(OutcomeCheck.mismatches(e, wrong, OutcomeCheckFixtures.alertsFor(e)))
                .containsExactly("call " + e.callId() + " (missed): outcome expected MISSED, got REJECTED");
    }

    @Test
    void shouldReportAMissingSummaryAndAlertWhenNothingCameOut() {
        ExpectedCall e = factory.next(Scenario.CANCELLED).expected();

        assertThat(OutcomeCheck.mismatches(e, null, List.of())).hasSize(2)
                .anyMatch(m -> m.endsWith("no summary on call-summaries"))
                .anyMatch(m -> m.contains("no missed-call alert for callee"));
    }

    @Test
    void shouldReportDuplicateAndUnexpectedAlertsWhenTheyAppear() {
        ExpectedCall e = factory.next(Scenario.MISSED).expected();
        List<MissedCallAlert> alerts = new ArrayList<>(OutcomeCheckFixtures.alertsFor(e));
        alerts.addAll(OutcomeCheckFixtures.alertsFor(e));
        alerts.add(OutcomeCheckFixtures.alert(e, "someone-else", MissedReason.BUSY));

        assertThat(OutcomeCheck.mismatches(e, OutcomeCheckFixtures.summaryFor(e), alerts))
                .anyMatch(m -> m.contains("2 alerts for callee"))
                .anyMatch(m -> m.contains("unexpected missed-call alert for someone-else"));
    }

    @Test
    void shouldReportCalleeOutcomesAndDurationsWhenTheyDiffer() {
        ExpectedCall e = factory.next(Scenario.ANSWERED).expected();
        CallSummary s = OutcomeCheckFixtures.summaryFor(e);
        s.getParticipants().get(1).setOutcome(ParticipantOutcome.MISSED);
        s.setTalkDurationMs(1L);

        assertThat(OutcomeCheck.mismatches(e, s, List.of()))
                .anyMatch(m -> m.contains("callee outcomes expected {" + e.callees().keySet().iterator().next() + "=ANSWERED}"))
                .anyMatch(m -> m.contains("talkDurationMs expected " + e.talkDurationMs() + ", got 1"));
        assertThat(Map.copyOf(e.callees())).hasSize(1);
    }

    @Test
    void shouldGroupMismatchesByKindWhenCounting() {
        assertThat(OutcomeCheck.kind("call gen-abc-000012 (answered): unexpected missed-call alert for user-15 [NO_ANSWER]"))
                .isEqualTo("answered: unexpected missed-call alert for <user> [NO_ANSWER]");
        assertThat(OutcomeCheck.kind("call gen-abc-000013 (group): callee outcomes expected {user-1=ANSWERED}, got {}"))
                .isEqualTo("group: callee outcomes expected {...}, got {...}");
        assertThat(OutcomeCheck.kind("call gen-abc-000014 (answered): talkDurationMs expected 12000, got 0"))
                .isEqualTo("answered: talkDurationMs expected <n>, got 0");
    }
}

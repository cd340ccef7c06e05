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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutcomeCheckTest {

    private final CallFactory factory = new CallFactory(3, "chk", 1_800_000_000L, 100);

    @ParameterizedTest
    @EnumSource(CallbackFormat.class)
    void shouldFindNothingWhenTheOutputIsAsExpected(CallbackFormat format) {
        CallFactory calls = new CallFactory(3, "chk", 1_800_000_000L, 100, format);
        for (Scenario s : Scenario.values()) {
            ExpectedCall e = calls.next(s).expected();

            assertThat(OutcomeCheck.mismatches(e, OutcomeCheckFixtures.summaryFor(e), OutcomeCheckFixtures.alertsFor(e)))
                    .as(e.label()).isEmpty();
        }
    }

    @Test
    void shouldReportTheCallerWhenItIsAlsoListedAsACallee() {
        ExpectedCall e = new CallFactory(3, "chk", 1_800_000_000L, 100, CallbackFormat.V4).next(Scenario.MISSED).expected();
        CallSummary s = OutcomeCheckFixtures.summaryFor(e);
        List<Participant> ps = new ArrayList<>(s.getParticipants());
        ps.add(Participant.newBuilder(ps.get(1)).setUserId(e.callerId()).build());
        s.setParticipants(ps);
        List<MissedCallAlert> alerts = new ArrayList<>(OutcomeCheckFixtures.alertsFor(e));
        alerts.add(OutcomeCheckFixtures.alert(e, e.callerId(), MissedReason.NO_ANSWER));

        assertThat(OutcomeCheck.mismatches(e, s, alerts))
                .anyMatch(m -> m.contains("participant roles expected {") && m.contains(e.callerId() + "=CALLER+CALLEE"))
                .anyMatch(m -> m.equals("call " + e.callId() + " (missed/v4): unexpected missed-call alert for "
                        + e.callerId() + " [NO_ANSWER]"));
    }

    @Test
    void shouldReportTheCallTypeAndAnAlertsCallerWhenTheyDiffer() {
        ExpectedCall e = factory.next(Scenario.MISSED).expected();
        CallSummary s = OutcomeCheckFixtures.summaryFor(e);
        s.setCallType(CallType.UNKNOWN);
        MissedCallAlert alert = OutcomeCheckFixtures.alertsFor(e).get(0);
        alert.setCallerId("someone-else");

        assertThat(OutcomeCheck.mismatches(e, s, List.of(alert))).containsExactly(
                "call " + e.callId() + " (missed/v1): callType expected SINGLE, got UNKNOWN",
                "call " + e.callId() + " (missed/v1): alert for " + alert.getCalleeId()
                        + " names caller someone-else, expected " + e.callerId());
    }

    @Test
    void shouldAcceptAnAlertWithoutCallerWhenItWentOutBeforeTheCallerReported() {
        ExpectedCall e = factory.next(Scenario.CANCELLED).expected();
        MissedCallAlert alert = OutcomeCheckFixtures.alertsFor(e).get(0);
        alert.setCallerId(null);

        assertThat(OutcomeCheck.mismatches(e, OutcomeCheckFixtures.summaryFor(e), List.of(alert))).isEmpty();
    }

    @Test
    void shouldReportTheOutcomeWhenTheSummarySaysOtherwise() {
        ExpectedCall e = factory.next(Scenario.MISSED).expected();
        CallSummary wrong = OutcomeCheckFixtures.summaryFor(e);
        wrong.setOutcome(io.callstream.avro.CallOutcome.REJECTED);

        assertThat(OutcomeCheck.mismatches(e, wrong, OutcomeCheckFixtures.alertsFor(e)))
                .containsExactly("call " + e.callId() + " (missed/v1): outcome expected MISSED, got REJECTED");
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
        assertThat(OutcomeCheck.kind("call gen-abc-000012 (answered/v1): unexpected missed-call alert for user-15 [NO_ANSWER]"))
                .isEqualTo("answered/v1: unexpected missed-call alert for <user> [NO_ANSWER]");
        assertThat(OutcomeCheck.kind("call gen-abc-000013 (group/v1+v4): callee outcomes expected {user-1=ANSWERED}, got {}"))
                .isEqualTo("group/v1+v4: callee outcomes expected {...}, got {...}");
        assertThat(OutcomeCheck.kind("call gen-abc-000014 (answered/v1-status): talkDurationMs expected 12000, got 0"))
                .isEqualTo("answered/v1-status: talkDurationMs expected <n>, got 0");
        assertThat(OutcomeCheck.kind("call gen-abc-000015 (offline/v4): endedAt expected 2026-11-28T20:41:07Z, got "
                + "2026-11-28T20:41:07.508Z")).isEqualTo("offline/v4: endedAt expected <time>, got <time>");
        assertThat(OutcomeCheck.kind("call gen-abc-000016 (busy/v4): no missed-call alert for callee 144100000000000035"
                + " (expected BUSY)")).isEqualTo("busy/v4: no missed-call alert for callee <n> (expected BUSY)");
    }
}

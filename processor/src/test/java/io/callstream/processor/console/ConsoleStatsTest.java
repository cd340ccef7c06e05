package io.callstream.processor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleStatsTest {

    private static final long NOW = 1_800_000_000_000L;
    private final AtomicLong clock = new AtomicLong(NOW);
    private final ConsoleStats stats = new ConsoleStats(clock::get);

    @Test
    void shouldCountOnlyFirstRevisionsWhenASummaryIsRevised() {
        stats.callOpened();
        stats.callOpened();
        stats.emitted(summary("c1", CallOutcome.COMPLETED, 1, 4_000L, 90_000L));
        stats.emitted(summary("c1", CallOutcome.COMPLETED, 2, 4_000L, 95_000L));

        ConsoleSnapshot s = stats.snapshot("a:1", 0);

        assertThat(s.outcomes()).singleElement().satisfies(m -> {
            assertThat(m.minute()).isEqualTo(NOW / 60_000);
            assertThat(m.counts()).isEqualTo(Map.of("COMPLETED", 1L));
        });
        assertThat(s.inFlight()).isEqualTo(1);
        assertThat(s.ring()).containsExactly(0, 1, 0, 0, 0, 0, 0);
        assertThat(s.talk()).containsExactly(0, 0, 0, 1, 0, 0, 0);
    }

    @Test
    void shouldLeaveTalkTimeOutWhenTheCallWasNotAnswered() {
        stats.emitted(summary("c1", CallOutcome.MISSED, 1, 30_000L, 0L));

        ConsoleSnapshot s = stats.snapshot("a:1", 0);

        assertThat(s.ring()).containsExactly(0, 0, 0, 0, 0, 1, 0);
        assertThat(s.talk()).containsOnly(0L);
    }

    @Test
    void shouldForgetMinutesOlderThanTheWindowWhenTimePasses() {
        stats.emitted(summary("c1", CallOutcome.MISSED, 1, null, 0L));
        clock.addAndGet(ConsoleStats.MINUTES * 60_000L);
        stats.emitted(summary("c2", CallOutcome.REJECTED, 1, null, 0L));

        assertThat(stats.snapshot("a:1", 0).outcomes()).extracting(ConsoleSnapshot.OutcomeMinute::counts)
                .containsExactly(Map.of("REJECTED", 1L));
    }

    @Test
    void shouldListAnAlertOnceNewestFirstWhenItIsEmittedAgainAfterAnAbort() {
        stats.emitted(alert("c1", "bob"));
        clock.addAndGet(1000);
        stats.emitted(alert("c2", "carol"));
        stats.emitted(alert("c1", "bob"));

        assertThat(stats.snapshot("a:1", 0).alerts()).extracting(ConsoleSnapshot.Alert::alertId)
                .containsExactly("1400000001:c1:bob", "1400000001:c2:carol");
    }

    @Test
    void shouldKeepTheLatestAlertsNewestFirstWhenMoreThanItListsArrive() {
        for (int i = 0; i < ConsoleStats.ALERTS + 7; i++) {
            stats.emitted(alert("c" + i, "bob"));
        }
        stats.emitted(alert("c10", "bob")); // reprocessed: moves to the front, pushes nothing else out

        List<String> ids = stats.snapshot("a:1", 0).alerts().stream().map(ConsoleSnapshot.Alert::alertId).toList();
        assertThat(ids).hasSize(ConsoleStats.ALERTS).doesNotHaveDuplicates();
        assertThat(ids.get(0)).isEqualTo("1400000001:c10:bob");
        assertThat(ids.get(1)).isEqualTo("1400000001:c" + (ConsoleStats.ALERTS + 6) + ":bob");
        assertThat(ids.get(ids.size() - 1)).isEqualTo("1400000001:c7:bob");
    }

    @Test
    void shouldAddInstancesAndMergeTheirAlertsWhenSnapshotsAreMerged() {
        ConsoleStats other = new ConsoleStats(() -> NOW + 5_000);
        stats.event();
        stats.deadLetter("UNDECODABLE_VALUE");
        stats.emitted(summary("c1", CallOutcome.COMPLETED, 1, 1_000L, 5_000L));
        stats.emitted(alert("c1", "bob"));
        other.event();
        other.event();
        other.emitted(summary("c2", CallOutcome.MISSED, 1, 1_000L, 0L));
        other.emitted(alert("c2", "carol"));

        ConsoleSnapshot merged = ConsoleSnapshot.merge(List.of(stats.snapshot("a:1", 3), other.snapshot("b:2", 4)));

        assertThat(merged.instances()).containsExactly("a:1", "b:2");
        assertThat(merged.events()).isEqualTo(3);
        assertThat(merged.deadLetters()).isEqualTo(1);
        assertThat(merged.lag()).isEqualTo(7);
        assertThat(merged.ring()[0]).isEqualTo(2);
        assertThat(merged.outcomes()).singleElement().extracting(ConsoleSnapshot.OutcomeMinute::counts)
                .isEqualTo(Map.of("COMPLETED", 1L, "MISSED", 1L));
        assertThat(merged.alerts()).extracting(ConsoleSnapshot.Alert::calleeId).containsExactly("carol", "bob");
    }

    private static CallSummary summary(String callId, CallOutcome outcome, int revision, Long ringMs, long talkMs) {
        return CallSummary.newBuilder().setCallId(callId).setSdkAppId(1_400_000_001L).setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO).setCallerId("alice").setOutcome(outcome).setParticipants(List.of())
                .setStartedAt(Instant.ofEpochMilli(NOW - 100_000))
                .setAnsweredAt(talkMs > 0 ? Instant.ofEpochMilli(NOW - talkMs) : null)
                .setEndedAt(Instant.ofEpochMilli(NOW)).setRingDurationMs(ringMs).setTalkDurationMs(talkMs)
                .setEventCount(4).setDuplicateCount(0).setClosedBy(ClosedBy.EVENTS).setRevision(revision).build();
    }

    private static MissedCallAlert alert(String callId, String callee) {
        return MissedCallAlert.newBuilder().setAlertId("1400000001:" + callId + ":" + callee).setSdkAppId(1_400_000_001L)
                .setCallId(callId).setCalleeId(callee).setCallerId("alice").setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO).setReason(MissedReason.NO_ANSWER)
                .setCallStartedAt(Instant.ofEpochMilli(NOW - 30_000)).setDetectedAt(Instant.ofEpochMilli(NOW))
                .setRingDurationMs(30_000L).build();
    }
}

package io.callstream.processor.records;

import static io.callstream.processor.records.RecordsHarness.APP;
import static io.callstream.processor.records.RecordsHarness.WALL_START;
import static io.callstream.processor.records.RecordsHarness.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.processor.topology.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The call-records view of the real topology: latest revision, index, retention expiry, dead letters. */
class RecordsViewTest {

    private static final Duration AGO_30M = Duration.ofMinutes(-30);

    @Test
    void shouldStoreTheRecordAndItsIndexEntryWhenASummaryArrives() {
        try (RecordsHarness h = new RecordsHarness(Map.of())) {
            h.send(summary("c1", AGO_30M, CallOutcome.COMPLETED, 1));

            CallRecord r = h.record(APP, "c1");
            assertThat(r.result()).isEqualTo(CallResult.NORMAL_END);
            assertThat(r.members()).containsExactly("alice", "bob");
            assertThat(r.startMs()).isEqualTo(WALL_START.plus(AGO_30M).toEpochMilli());
            assertThat(r.acceptMs()).isEqualTo(r.startMs() + 5000);
            assertThat(h.index().get(RecordKeys.index(r))).containsExactly(RecordCodes.of(CallResult.NORMAL_END),
                    RecordCodes.of(CallType.SINGLE));
        }
    }

    @Test
    void shouldKeepTheLatestRevisionWhenARevisionArrives() {
        try (RecordsHarness h = new RecordsHarness(Map.of())) {
            h.send(summary("c1", AGO_30M, CallOutcome.MISSED, 1));
            h.send(summary("c1", AGO_30M, CallOutcome.COMPLETED, 2));

            assertThat(h.record(APP, "c1").revision()).isEqualTo(2);
            assertThat(h.record(APP, "c1").result()).isEqualTo(CallResult.NORMAL_END);
            assertThat(h.indexSize()).isEqualTo(1);
            assertThat(h.filter(all(), 1, 10).records()).extracting(CallRecord::result).containsExactly(CallResult.NORMAL_END);
        }
    }

    @Test
    void shouldIgnoreALowerRevisionWhenItArrivesAfterAHigherOne() {
        try (RecordsHarness h = new RecordsHarness(Map.of())) {
            h.send(summary("c1", AGO_30M, CallOutcome.COMPLETED, 2));
            h.send(summary("c1", AGO_30M, CallOutcome.MISSED, 1));

            assertThat(h.record(APP, "c1").revision()).isEqualTo(2);
            assertThat(h.filter(new RecordFilter(APP, 0, Long.MAX_VALUE, CallResult.NOT_ANSWER, null, 10), 1, 10).total())
                    .isZero();
        }
    }

    @Test
    void shouldMoveTheIndexEntryWhenARevisionChangesTheStartTime() {
        try (RecordsHarness h = new RecordsHarness(Map.of())) {
            h.send(summary("c1", AGO_30M, CallOutcome.MISSED, 1));
            h.send(summary("c1", Duration.ofMinutes(-40), CallOutcome.MISSED, 2));

            assertThat(h.indexSize()).isEqualTo(1);
            long newStart = WALL_START.minus(Duration.ofMinutes(40)).toEpochMilli();
            assertThat(h.filter(new RecordFilter(APP, newStart, newStart, null, null, 10), 1, 10).records())
                    .extracting(CallRecord::revision).containsExactly(2);
        }
    }

    @Test
    void shouldDropRecordsWhenTheyAreOlderThanTheRetention() {
        try (RecordsHarness h = new RecordsHarness(Map.of("records.retention", "1h"))) {
            h.send(summary("old", Duration.ofMinutes(-50), CallOutcome.COMPLETED, 1),
                    summary(7L, "old-other-app", Duration.ofMinutes(-50), CallOutcome.MISSED, CallType.SINGLE, 1),
                    summary("new", Duration.ofMinutes(-5), CallOutcome.COMPLETED, 1));

            h.advance(Duration.ofMinutes(11));

            assertThat(h.record(APP, "old")).isNull();
            assertThat(h.record(7L, "old-other-app")).isNull();
            assertThat(h.record(APP, "new")).isNotNull();
            assertThat(h.indexSize()).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepRecordsWhenTheyAreWithinTheRetention() {
        try (RecordsHarness h = new RecordsHarness(Map.of("records.retention", "1h"))) {
            h.send(summary("c1", Duration.ofMinutes(-50), CallOutcome.COMPLETED, 1));

            h.advance(Duration.ofMinutes(9));

            assertThat(h.record(APP, "c1")).isNotNull();
            assertThat(h.indexSize()).isEqualTo(1);
        }
    }

    @Test
    void shouldNotStoreASummaryWhenTheCallStartedBeforeTheRetention() {
        try (RecordsHarness h = new RecordsHarness(Map.of("records.retention", "1h"))) {
            h.send(summary("late", Duration.ofMinutes(-61), CallOutcome.COMPLETED, 3));

            assertThat(h.record(APP, "late")).isNull();
            assertThat(h.indexSize()).isZero();
        }
    }

    @Test
    void shouldExpireEveryAppsOldRecordsWhenThereAreMoreThanABatch() {
        try (RecordsHarness h = new RecordsHarness(Map.of("records.retention", "1h"))) {
            for (int i = 0; i < 1_200; i++) {
                h.send(summary(i % 2, "c" + i, Duration.ofMinutes(-59).plusMillis(i), CallOutcome.COMPLETED,
                        CallType.SINGLE, 1));
            }
            h.send(summary("keep", Duration.ofMinutes(-1), CallOutcome.COMPLETED, 1));

            h.advance(Duration.ofMinutes(2));

            assertThat(h.indexSize()).isEqualTo(1);
            assertThat(h.record(APP, "keep")).isNotNull();
        }
    }

    @Test
    void shouldDeadLetterASummaryWhenItCannotBeDecoded() {
        try (RecordsHarness h = new RecordsHarness(Map.of())) {
            h.rawSummaries.pipeInput("bad", "not avro".getBytes(StandardCharsets.UTF_8));
            h.send(summary("c1", AGO_30M, CallOutcome.COMPLETED, 1));

            var dead = h.dlq.readRecordsToList();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value().getReason()).isEqualTo(DeadLetters.UNDECODABLE_VALUE);
            assertThat(dead.get(0).value().getMessage()).startsWith("undecodable call summary");
            assertThat(h.record(APP, "c1")).isNotNull();
        }
    }

    @Test
    void shouldKeepAOneToOneCallInAFewHundredBytesWhenStored() {
        CallSummary s = summary("0f8fad5b-d9cb-469f-a165-70867728950e", AGO_30M, CallOutcome.COMPLETED, 1);
        CallRecord r = CallRecord.of(s);
        int record = RecordKeys.record(APP, s.getCallId()).get().length + CallRecordSerde.toBytes(r).length;
        int index = RecordKeys.index(r).get().length + RecordKeys.indexValue(r).length;

        assertThat(CallRecordSerde.fromBytes(CallRecordSerde.toBytes(r))).isEqualTo(r);
        assertThat(record).isLessThan(160);
        assertThat(index).isLessThan(60);
    }

    private static RecordFilter all() {
        return new RecordFilter(APP, 0, Instant.parse("2100-01-01T00:00:00Z").toEpochMilli(), null, null, 10);
    }
}

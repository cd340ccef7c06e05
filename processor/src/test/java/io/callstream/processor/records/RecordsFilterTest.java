package io.callstream.processor.records;

import static io.callstream.processor.records.RecordsHarness.APP;
import static io.callstream.processor.records.RecordsHarness.WALL_START;
import static io.callstream.processor.records.RecordsHarness.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter query over the real stores: time range (inclusive, by start), result, call type, their
 * combinations, other apps invisible, and paging (empty, full, last, past the end), merged from slices.
 * Calls: c00..c11 one minute apart from 20 minutes ago; every 3rd MISSED, every 4th a group call.
 */
class RecordsFilterTest {

    private RecordsHarness h;

    @BeforeEach
    void load() {
        h = new RecordsHarness(Map.of());
        for (int i = 0; i < 12; i++) {
            h.send(summary(APP, String.format("c%02d", i), Duration.ofMinutes(-20 + i),
                    i % 3 == 0 ? CallOutcome.MISSED : CallOutcome.COMPLETED, i % 4 == 0 ? CallType.GROUP : CallType.SINGLE, 1));
        }
        h.send(summary(7L, "other-app", Duration.ofMinutes(-15), CallOutcome.MISSED, CallType.SINGLE, 1));
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void shouldReturnEveryCallOfTheAppInStartOrderWhenUnfiltered() {
        Slice.Page p = h.filter(range(-60, 60, null, null), 1, 100);

        assertThat(p.total()).isEqualTo(12);
        assertThat(ids(p)).containsExactly("c00", "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10", "c11");
    }

    @Test
    void shouldIncludeBothEndsWhenTheRangeStartsAndEndsOnACall() {
        Slice.Page p = h.filter(range(-18, -16, null, null), 1, 100);

        assertThat(ids(p)).containsExactly("c02", "c03", "c04");
    }

    @Test
    void shouldReturnOnlyThatResultWhenFilteredByResult() {
        Slice.Page p = h.filter(range(-60, 60, CallResult.NOT_ANSWER, null), 1, 100);

        assertThat(ids(p)).containsExactly("c00", "c03", "c06", "c09");
    }

    @Test
    void shouldReturnOnlyThatTypeWhenFilteredByCallType() {
        Slice.Page p = h.filter(range(-60, 60, null, CallType.GROUP), 1, 100);

        assertThat(ids(p)).containsExactly("c00", "c04", "c08");
    }

    @Test
    void shouldReturnTheIntersectionWhenFilteredByResultTypeAndTime() {
        assertThat(ids(h.filter(range(-60, 60, CallResult.NORMAL_END, CallType.GROUP), 1, 100))).containsExactly("c04", "c08");
        assertThat(ids(h.filter(range(-60, 60, CallResult.NOT_ANSWER, CallType.GROUP), 1, 100))).containsExactly("c00");
        assertThat(ids(h.filter(range(-17, -12, CallResult.NORMAL_END, CallType.SINGLE), 1, 100)))
                .containsExactly("c05", "c07");
    }

    @Test
    void shouldAnswerNothingWhenNoCallMatches() {
        Slice.Page p = h.filter(range(-60, -30, null, null), 1, 10);

        assertThat(p.total()).isZero();
        assertThat(p.records()).isEmpty();
    }

    @Test
    void shouldAnswerTheRestWhenAskedForTheLastPage() {
        Slice.Page p = h.filter(range(-60, 60, null, null), 3, 5);

        assertThat(p.total()).isEqualTo(12);
        assertThat(ids(p)).containsExactly("c10", "c11");
    }

    @Test
    void shouldAnswerAFullPageWhenTheTotalIsAMultipleOfThePageSize() {
        Slice.Page p = h.filter(range(-60, 60, null, null), 2, 6);

        assertThat(ids(p)).containsExactly("c06", "c07", "c08", "c09", "c10", "c11");
    }

    @Test
    void shouldAnswerNoRecordsButTheTotalWhenThePageIsPastTheEnd() {
        Slice.Page p = h.filter(range(-60, 60, null, null), 4, 5);

        assertThat(p.total()).isEqualTo(12);
        assertThat(p.records()).isEmpty();
    }

    @Test
    void shouldNotSeeAnotherAppsCallsWhenFiltering() {
        Slice.Page p = h.filter(new RecordFilter(7L, 0, Long.MAX_VALUE, null, null, 10), 1, 10);

        assertThat(ids(p)).containsExactly("other-app");
    }

    @Test
    void shouldMergePartitionsIntoOneOrderWhenSlicesComeFromSeveralPartitions() {
        List<Slice.Ref> all = h.filter(range(-60, 60, null, null), 1, 100).records().stream()
                .map(r -> new Slice.Ref(r.startMs(), r.callId())).toList();
        List<Slice.Ref> even = new ArrayList<>();
        List<Slice.Ref> odd = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % 2 == 0 ? even : odd).add(all.get(i));
        }
        // a partition returns at most page × perPage of its first matches
        Map<Integer, Slice> slices = Map.of(0, new Slice(even.size(), even.subList(0, 4)),
                1, new Slice(odd.size(), odd.subList(0, 4)));

        List<Slice.Placed> p1 = Slice.page(slices, 1, 4);
        List<Slice.Placed> p2 = Slice.page(slices, 2, 4);

        assertThat(Slice.total(slices)).isEqualTo(12);
        assertThat(p1).extracting(k -> k.ref().callId()).containsExactly("c00", "c01", "c02", "c03");
        assertThat(p1).extracting(Slice.Placed::partition).containsExactly(0, 1, 0, 1);
        assertThat(p2).extracting(k -> k.ref().callId()).containsExactly("c04", "c05", "c06", "c07");
    }

    private static RecordFilter range(int fromMinutes, int toMinutes, CallResult result, CallType type) {
        return new RecordFilter(APP, WALL_START.plus(Duration.ofMinutes(fromMinutes)).toEpochMilli(),
                WALL_START.plus(Duration.ofMinutes(toMinutes)).toEpochMilli(), result, type, 0);
    }

    private static List<String> ids(Slice.Page p) {
        return p.records().stream().map(CallRecord::callId).toList();
    }
}

package io.callstream.deploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The warehouse rows a run must leave: a row per call, per participant (caller and callees), per alert. */
class WarehouseRowsTest {

    private final CallFactory factory = new CallFactory(42, "run", 1_800_000_000L, 1000);

    @Test
    void shouldCountTheCallerAndEveryCalleeAsParticipantsWhenCallsAreAnsweredMissedAndGroup() {
        ExpectedCall answered = factory.next(Scenario.ANSWERED).expected();
        ExpectedCall missed = factory.next(Scenario.MISSED).expected();
        ExpectedCall group = factory.next(Scenario.GROUP).expected();

        WarehouseRows rows = WarehouseRows.of(List.of(answered, missed, group));

        assertThat(rows.calls()).isEqualTo(3);
        assertThat(rows.participants()).isEqualTo(2 + 2 + 1 + group.callees().size());
        assertThat(rows.alerts()).isEqualTo(1 + group.alerts().size());
        assertThat(rows.render()).isEqualTo("warehouse rows expected: call_summaries 3, call_participants "
                + rows.participants() + ", missed_call_alerts " + rows.alerts());
    }

    @Test
    void shouldCountOnlyTheCallerWhenNoCalleeIsKnown() {
        // v1 busy: only the caller reports, so the summary knows no callee
        ExpectedCall busy = factory.next(Scenario.BUSY).expected();

        assertThat(busy.callees()).isEmpty();
        assertThat(WarehouseRows.of(List.of(busy))).isEqualTo(new WarehouseRows(1, 1, 0));
    }
}

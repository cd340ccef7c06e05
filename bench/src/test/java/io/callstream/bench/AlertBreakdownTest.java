package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AlertBreakdownTest {

    // wall clock 1,000,000 ms (in µs) at nanoTime 5 s
    private final AlertBreakdown b = new AlertBreakdown(1_000_000_000L, 5_000_000_000L);

    @Test
    void shouldSplitTheLatencyAtTheAppendTimeWhenItLiesBetweenAnswerAndArrival() {
        // answered at wall 1,000,010 ms, appended 1,000,070 ms, seen 1,000,110 ms
        b.record(5_010_000_000L, 1_000_070L, 5_110_000_000L);

        assertThat(b.total.getMaxValue()).isCloseTo(100_000L, within(128L));
        assertThat(b.toAppend.getMaxValue()).isCloseTo(60_000L, within(128L));
        assertThat(b.appendToVisible.getMaxValue()).isCloseTo(40_000L, within(128L));
    }

    @Test
    void shouldClampTheAppendTimeWhenItsMillisecondResolutionPutsItBeforeTheAnswer() {
        // answered at 1,000,010.6 ms; the append, truncated to 1,000,010 ms, reads as before it
        b.record(5_010_600_000L, 1_000_010L, 5_050_600_000L);

        assertThat(b.toAppend.getMaxValue()).isZero();
        assertThat(b.appendToVisible.getMaxValue()).isCloseTo(40_000L, within(128L));
        assertThat(b.total.getMaxValue()).isCloseTo(40_000L, within(128L));
    }

    @Test
    void shouldConvertNanoTimeToWallClockWhenGivenTheBase() {
        assertThat(b.epochMicros(6_000_000_000L)).isEqualTo(1_001_000_000L);
    }
}

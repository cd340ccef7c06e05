package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelineRateTest {

    @Test
    void shouldTakeTheLowerMaxWhenBothWereMeasured() {
        assertThat(PipelineRate.max(30_000, 12_000)).isEqualTo(12_000);
        assertThat(PipelineRate.max(8_000, 12_000)).isEqualTo(8_000);
    }

    @Test
    void shouldIgnoreAFigureWhenItWasNotMeasured() {
        assertThat(PipelineRate.max(30_000, Double.NaN)).isEqualTo(30_000);
        assertThat(PipelineRate.max(0, 12_000)).isEqualTo(12_000);
    }

    @Test
    void shouldRefuseWhenNeitherMaxWasMeasured() {
        assertThatThrownBy(() -> PipelineRate.max(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldHalveTheMaxButKeepTheFloorWhenTheMaxIsTiny() {
        assertThat(PipelineRate.half(2_063, 40)).isEqualTo(1_031.5);
        assertThat(PipelineRate.half(50, 40)).isEqualTo(40);
    }
}

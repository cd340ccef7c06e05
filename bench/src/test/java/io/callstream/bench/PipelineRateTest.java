package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
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

    @Test
    void shouldCallAStepSustainedOnlyWhenAllAnsweredAtRateAndTheBacklogIsUnderHalfASecond() {
        assertThat(new PipelineRate.StepResult(4_000, 3_990, 0, 5_000, 1_900).sustained()).isTrue();
        assertThat(new PipelineRate.StepResult(4_000, 3_990, 0, 5_000, 2_100).sustained()).isFalse();
        assertThat(new PipelineRate.StepResult(4_000, 3_700, 0, 100, 100).sustained()).isFalse();
        assertThat(new PipelineRate.StepResult(4_000, 4_000, 1, 100, 100).sustained()).isFalse();
        assertThat(new PipelineRate.StepResult(40, 40, 0, 190, 190).sustained()).as("at least 200 events of backlog")
                .isTrue();
    }

    @Test
    void shouldStepDownFromTheUpperBoundThenBisectBetweenSustainedAndNot() throws Exception {
        List<Double> offered = new ArrayList<>();
        // a pipeline that keeps up to 3,000/s: above it the backlog grows
        PipelineRate.Search s = PipelineRate.sustainable(10_000, 40, rate -> {
            offered.add(rate);
            return new PipelineRate.StepResult(rate, rate, 0, 0, rate <= 3_000 ? 100 : (rate - 3_000) * 10);
        }, line -> { });

        assertThat(offered).containsExactly(10_000.0, 6_000.0, 3_600.0, 2_160.0, 2_880.0, 3_240.0);
        assertThat(s.found()).isTrue();
        assertThat(s.max()).isEqualTo(2_880);
        assertThat(s.steps()).hasSize(6);
    }

    @Test
    void shouldClimbFromTheStartWhileStepsAreSustainedThenBisect() throws Exception {
        List<Double> offered = new ArrayList<>();
        PipelineRate.Search s = PipelineRate.sustainable(2_000, 40, rate -> {
            offered.add(rate);
            return new PipelineRate.StepResult(rate, rate, 0, 0, rate <= 5_000 ? 100 : 9_000);
        }, line -> { });

        assertThat(offered).containsExactly(2_000.0, 3_000.0, 4_500.0, 6_750.0, 5_625.0, 5_062.0);
        assertThat(s.max()).isEqualTo(4_500);
        assertThat(s.steps()).hasSize(6);
    }

    @Test
    void shouldReportTheFloorAsNotFoundWhenEvenTheFloorIsNotSustained() throws Exception {
        List<Double> offered = new ArrayList<>();
        PipelineRate.Search s = PipelineRate.sustainable(100, 40, rate -> {
            offered.add(rate);
            return new PipelineRate.StepResult(rate, rate, 3, 0, 0);
        }, line -> { });

        assertThat(offered).containsExactly(100.0, 60.0, 40.0);
        assertThat(s.found()).isFalse();
        assertThat(s.max()).isEqualTo(40);
    }
}

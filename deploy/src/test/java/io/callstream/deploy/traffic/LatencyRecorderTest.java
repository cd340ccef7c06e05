package io.callstream.deploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void shouldGiveNearestRankPercentilesWhenValuesAreRecorded() {
        LatencyRecorder r = new LatencyRecorder();
        for (long i = 1000; i >= 1; i--) {
            r.record(i);
        }

        LatencyRecorder.Percentiles p = r.total();
        assertThat(p.count()).isEqualTo(1000);
        assertThat(p.p50()).isEqualTo(500);
        assertThat(p.p99()).isEqualTo(990);
        assertThat(p.p999()).isEqualTo(999);
        assertThat(p.max()).isEqualTo(1000);
    }

    @Test
    void shouldStartAFreshIntervalWhenTheIntervalIsTaken() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(5);
        assertThat(r.takeInterval().count()).isEqualTo(1);
        r.record(7);

        assertThat(r.takeInterval().p50()).isEqualTo(7);
        assertThat(r.total().count()).isEqualTo(2);
    }

    @Test
    void shouldReportZerosWhenNothingWasRecorded() {
        assertThat(new LatencyRecorder().total()).isEqualTo(new LatencyRecorder.Percentiles(0, 0, 0, 0, 0));
    }
}

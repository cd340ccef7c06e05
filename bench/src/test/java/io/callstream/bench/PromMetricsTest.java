package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromMetricsTest {

    private static final String TEXT = """
            # HELP kafka_stream_thread_commit_total The total number of calls to commit
            # TYPE kafka_stream_thread_commit_total counter
            kafka_stream_thread_commit_total{client_id="app-StreamThread-1",thread_id="app-StreamThread-1",} 120.0
            kafka_stream_thread_commit_total{client_id="app-StreamThread-2",thread_id="app-StreamThread-2",} 30.0
            kafka_stream_thread_commit_latency_avg{thread_id="app-StreamThread-1",} NaN
            kafka_producer_flush_time_ns_total{client_id="app-StreamThread-1-producer",} 4.5E7
            process_uptime_seconds 12.5
            """;

    @Test
    void shouldSumSamplesByNameWhenAMetricHasSeveralLabelSets() {
        PromMetrics m = PromMetrics.parse(TEXT, null);

        assertThat(m.get("kafka_stream_thread_commit_total")).isEqualTo(150.0);
        assertThat(m.get("kafka_producer_flush_time_ns_total")).isEqualTo(4.5e7);
        assertThat(m.get("process_uptime_seconds")).isEqualTo(12.5);
    }

    @Test
    void shouldKeepOnlyMatchingSamplesWhenALabelFilterIsGiven() {
        PromMetrics m = PromMetrics.parse(TEXT, "StreamThread-2");

        assertThat(m.get("kafka_stream_thread_commit_total")).isEqualTo(30.0);
        assertThat(m.get("kafka_producer_flush_time_ns_total")).isNaN();
    }

    @Test
    void shouldLeaveAMetricAbsentWhenItsOnlySampleIsNaN() {
        assertThat(PromMetrics.parse(TEXT, null).get("kafka_stream_thread_commit_latency_avg")).isNaN();
    }

    @Test
    void shouldDiffACounterWhenGivenAnEarlierScrape() {
        PromMetrics before = PromMetrics.parse("kafka_stream_thread_commit_total 100.0\n", null);

        assertThat(PromMetrics.parse(TEXT, null).since(before, "kafka_stream_thread_commit_total")).isEqualTo(50.0);
    }

    @Test
    void shouldKeepEverySeriesWithItsLabelsWhenReadAsServed() {
        PromMetrics m = PromMetrics.parse("callstream_ingest_request_duration_seconds_bucket{status=\"200\",le=\"0.005\"} 7.0\n"
                + "callstream_ingest_request_duration_seconds_bucket{status=\"200\",le=\"+Inf\"} 9.0\n"
                + "process_uptime_seconds 12.5\n", null);

        assertThat(m.series()).containsEntry("callstream_ingest_request_duration_seconds_bucket{status=\"200\",le=\"0.005\"}", 7.0)
                .containsEntry("callstream_ingest_request_duration_seconds_bucket{status=\"200\",le=\"+Inf\"}", 9.0)
                .containsEntry("process_uptime_seconds", 12.5).hasSize(3);
    }
}

package io.callstream.processor.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamsHealthTest {

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"ERROR", "PENDING_ERROR", "NOT_RUNNING"})
    void shouldNotBeLiveWhenStreamsIsDeadOrFailed(State state) {
        StreamsHealth health = new StreamsHealth(state, Optional.of(1));

        assertThat(health.live()).isFalse();
        assertThat(health.ready()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"RUNNING", "REBALANCING"})
    void shouldNotBeLiveWhenNoStreamThreadIsAlive(State state) {
        StreamsHealth health = new StreamsHealth(state, Optional.of(StreamsHealth.liveThreads(List.of("DEAD",
                "PENDING_SHUTDOWN"))));

        assertThat(health.live()).isFalse();
        assertThat(health.describe()).isEqualTo(state + " (0 live stream threads)");
    }

    @Test
    void shouldBeLiveAndReadyWhenRunningWithALiveThread() {
        StreamsHealth health = new StreamsHealth(State.RUNNING, Optional.of(StreamsHealth.liveThreads(List.of("RUNNING",
                "DEAD"))));

        assertThat(health.live()).isTrue();
        assertThat(health.ready()).isTrue();
        assertThat(health.describe()).isEqualTo("RUNNING (1 live stream thread)");
    }

    @Test
    void shouldBeLiveButNotReadyWhenRebalancing() {
        StreamsHealth health = new StreamsHealth(State.REBALANCING, Optional.of(2));

        assertThat(health.live()).isTrue();
        assertThat(health.ready()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"CREATED", "PENDING_SHUTDOWN"})
    void shouldBeLiveWhenStartingOrStoppingOnPurpose(State state) {
        assertThat(new StreamsHealth(state, Optional.of(0)).live()).isTrue();
    }

    @Test
    void shouldJudgeByStateAloneWhenThreadsAreUnknown() {
        assertThat(new StreamsHealth(State.RUNNING, Optional.empty()).live()).isTrue();
        assertThat(new StreamsHealth(State.ERROR, Optional.empty()).live()).isFalse();
    }

    @Test
    void shouldStopBeingLiveWhenARealStreamsClientIsClosed() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("source"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("sink"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-health-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        try {
            assertThat(StreamsHealth.of(streams).live()).as("created").isTrue();
        } finally {
            streams.close(Duration.ofSeconds(10));
        }

        StreamsHealth closed = StreamsHealth.of(streams);

        assertThat(closed.state()).isEqualTo(State.NOT_RUNNING);
        assertThat(closed.live()).isFalse();
    }
}

package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SummaryGateTest {

    static final TopicPartition EVENTS_0 = new TopicPartition("call-events", 0);
    static final TopicPartition EVENTS_1 = new TopicPartition("call-events", 1);
    static final TopicPartition SUMMARIES_0 = new TopicPartition("call-summaries", 0);

    final SummaryGate<String> gate = new SummaryGate<>();
    final Map<TopicPartition, Long> ends = new HashMap<>(Map.of(EVENTS_0, 10L, EVENTS_1, 4L));
    final Map<TopicPartition, Long> read = new HashMap<>(Map.of(EVENTS_0, 7L, EVENTS_1, 4L));
    final SummaryGate.Positions positions = new SummaryGate.Positions() {
        @Override
        public Map<TopicPartition, Long> endOffsets() {
            return Map.copyOf(ends);
        }

        @Override
        public long position(TopicPartition tp) {
            return read.get(tp);
        }
    };

    @Test
    void shouldHoldSummariesUntilEventsAreReadToTheEndTheyHadWhenTheSummariesWereRead() {
        gate.hold(SUMMARIES_0, "s1");
        gate.hold(SUMMARIES_0, "s2");

        assertThat(gate.release(positions)).isEmpty();
        ends.put(EVENTS_0, 20L); // written later: not waited for
        read.put(EVENTS_0, 10L);

        assertThat(gate.release(positions)).containsExactly("s1", "s2");
        assertThat(gate.holding()).isFalse();
    }

    @Test
    void shouldReleaseAtOnceWhenEventsAreReadToTheirEnd() {
        read.put(EVENTS_0, 10L);
        gate.hold(SUMMARIES_0, "s1");

        assertThat(gate.release(positions)).containsExactly("s1");
    }

    @Test
    void shouldKeepHoldingWhenTheEndOffsetsCannotBeRead() {
        gate.hold(SUMMARIES_0, "s1");

        List<String> released = gate.release(new SummaryGate.Positions() {
            @Override
            public Map<TopicPartition, Long> endOffsets() {
                return null;
            }

            @Override
            public long position(TopicPartition tp) {
                return Long.MAX_VALUE;
            }
        });

        assertThat(released).isEmpty();
        assertThat(gate.size()).isEqualTo(1);
    }

    @Test
    void shouldDropWhatCameFromARevokedPartition() {
        gate.hold(SUMMARIES_0, "s1");
        gate.hold(new TopicPartition("call-summaries", 1), "s2");

        assertThat(gate.drop(List.of(SUMMARIES_0))).containsExactly("s1");
        read.put(EVENTS_0, 10L);
        assertThat(gate.release(positions)).containsExactly("s2");
    }
}

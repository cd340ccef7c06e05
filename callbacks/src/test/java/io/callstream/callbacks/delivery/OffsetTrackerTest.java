package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    final TopicPartition tp = new TopicPartition("call-events", 0);

    @Test
    void shouldCommitOnlyContiguouslyFinishedOffsetsWhenTheyFinishOutOfOrder() {
        OffsetTracker t = new OffsetTracker();
        t.started(tp, 10);
        t.started(tp, 11);
        t.started(tp, 12);
        t.finished(tp, 11);
        assertThat(t.drainCommittable()).isEmpty();
        t.finished(tp, 10);
        assertThat(t.drainCommittable().get(tp).offset()).isEqualTo(12);
        assertThat(t.pending()).isEqualTo(1);
        t.finished(tp, 12);
        assertThat(t.drainCommittable().get(tp).offset()).isEqualTo(13);
        assertThat(t.pending()).isZero();
    }

    @Test
    void shouldForgetPendingWhenPartitionIsRevoked() {
        OffsetTracker t = new OffsetTracker();
        t.started(tp, 1);
        t.started(tp, 2);
        t.finished(tp, 2);
        assertThat(t.remove(tp)).isEmpty();
        assertThat(t.pending()).isZero();
        t.finished(tp, 1);
        assertThat(t.pending()).isZero();
    }
}

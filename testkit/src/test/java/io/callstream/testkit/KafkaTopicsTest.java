package io.callstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

    @Test
    void shouldRequireTwoInSyncReplicasWheneverThereAreTwo() {
        assertThat(KafkaTopics.minInsyncReplicas(1)).isEqualTo(1);
        assertThat(KafkaTopics.minInsyncReplicas(2)).isEqualTo(2);
        assertThat(KafkaTopics.minInsyncReplicas(3)).isEqualTo(2);
        assertThat(KafkaTopics.minInsyncReplicas(5)).isEqualTo(2);
    }
}

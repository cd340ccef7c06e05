package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndCallMemoryTest {

    final EndCallMemory memory = new EndCallMemory(2);

    @Test
    void shouldSendTheFirstSummaryOfACall() {
        assertThat(memory.shouldSend(1, "c1", 1, "NotAnswer")).isTrue();
    }

    @Test
    void shouldNotSendAgainWhenARevisionKeepsTheResult() {
        memory.shouldSend(1, "c1", 1, "NotAnswer");

        assertThat(memory.shouldSend(1, "c1", 2, "NotAnswer")).isFalse();
    }

    @Test
    void shouldSendAgainWhenARevisionChangesTheResult() {
        memory.shouldSend(1, "c1", 1, "NotAnswer");
        memory.shouldSend(1, "c1", 2, "NotAnswer");

        assertThat(memory.shouldSend(1, "c1", 3, "NormalEnd")).isTrue();
        assertThat(memory.shouldSend(1, "c1", 4, "NormalEnd")).isFalse();
    }

    @Test
    void shouldNotSendWhenARevisionIsReadAgain() {
        memory.shouldSend(1, "c1", 2, "NotAnswer");

        assertThat(memory.shouldSend(1, "c1", 2, "NormalEnd")).isFalse();
        assertThat(memory.shouldSend(1, "c1", 1, "Reject")).isFalse();
    }

    @Test
    void shouldTellAppsApartWhenTheyShareACallId() {
        memory.shouldSend(1, "c1", 1, "NotAnswer");

        assertThat(memory.shouldSend(2, "c1", 1, "NotAnswer")).isTrue();
    }

    @Test
    void shouldSendWhenTheCallWasForgottenForNewerOnes() {
        memory.shouldSend(1, "c1", 1, "NotAnswer");
        memory.shouldSend(1, "c2", 1, "NotAnswer");
        memory.shouldSend(1, "c3", 1, "NotAnswer");

        assertThat(memory.shouldSend(1, "c1", 2, "NotAnswer")).as("c1 was evicted: at least once").isTrue();
    }
}

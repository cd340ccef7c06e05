package io.callstream.reliability.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultTest {

    @Test
    void shouldParseEveryFaultWhenGivenAll() {
        assertThat(Fault.parse("all")).containsExactly(Fault.values());
        assertThat(Fault.parse("none")).isEmpty();
    }

    @Test
    void shouldParseTheListedFaultsInOrderWhenGivenLabels() {
        assertThat(Fault.parse("ingest-kill, processor-kill")).isEqualTo(List.of(Fault.INGEST_KILL, Fault.PROCESSOR_KILL));
    }

    @Test
    void shouldNameTheKnownFaultsWhenALabelIsUnknown() {
        assertThatThrownBy(() -> Fault.parse("disk-full")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disk-full").hasMessageContaining("broker-restart");
    }
}

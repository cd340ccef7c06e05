package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorVariantsTest {

    @Test
    void shouldTurnEachVariantIntoProcessorKafkaEnvironmentWhenSeveralAreGiven() {
        ProcessorVariants v = ProcessorVariants.parse("default; linger.ms=0 ;linger.ms=5,fetch.max.wait.ms=10");

        assertThat(v.variants()).extracting(ProcessorVariants.Variant::label)
                .containsExactly("default", "linger.ms=0", "linger.ms=5, fetch.max.wait.ms=10");
        assertThat(v.first().env()).isEmpty();
        assertThat(v.variants().get(1).env()).isEqualTo(Map.of("CALLSTREAM_KAFKA_LINGER_MS", "0"));
        assertThat(v.variants().get(2).env()).isEqualTo(Map.of("CALLSTREAM_KAFKA_LINGER_MS", "5",
                "CALLSTREAM_KAFKA_FETCH_MAX_WAIT_MS", "10"));
    }

    @Test
    void shouldAcceptTheKafkaPrefixWhenAKeyAlreadyHasIt() {
        assertThat(ProcessorVariants.parse("kafka.producer.linger.ms=0").first().env())
                .isEqualTo(Map.of("CALLSTREAM_KAFKA_PRODUCER_LINGER_MS", "0"));
    }

    @Test
    void shouldRejectTheSpecWhenAPairHasNoValue() {
        assertThatThrownBy(() -> ProcessorVariants.parse("linger.ms"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
        assertThatThrownBy(() -> ProcessorVariants.parse(" ; "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no variant");
    }
}

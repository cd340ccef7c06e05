package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void shouldReadValuesAndFlagsWhenGivenEitherWay() {
        Args a = Args.parse(new String[] {"--calls", "10", "--rate=0", "--verify"}, List.of("calls", "rate"),
                List.of("verify"));

        assertThat(a.longValue("calls", 1)).isEqualTo(10);
        assertThat(a.doubleValue("rate", 5)).isZero();
        assertThat(a.flag("verify")).isTrue();
        assertThat(a.value("mix", "x")).isEqualTo("x");
    }

    @Test
    void shouldFailClearlyWhenAnOptionIsUnknownOrMalformed() {
        assertThatThrownBy(() -> Args.parse(new String[] {"--cals", "1"}, List.of("calls"), List.of()))
                .hasMessage("unknown option --cals");
        assertThatThrownBy(() -> Args.parse(new String[] {"--calls"}, List.of("calls"), List.of()))
                .hasMessage("--calls needs a value");
        assertThatThrownBy(() -> Args.parse(new String[] {"--calls", "ten"}, List.of("calls"), List.of())
                .longValue("calls", 1)).hasMessage("--calls must be a whole number, got 'ten'");
    }
}

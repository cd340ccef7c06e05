package io.callstream.processor.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stored call sessions (store call-sessions and its changelog) keep these enums as ordinals and
 * {@link Facts} as bits: a symbol inserted or moved in a schema, or a renumbered fact, would make
 * every stored session mean something else. New enum symbols go at the end; anything else needs a
 * new state format in {@code CallSessionSerde} that maps the old numbers.
 */
class StoredOrdinalsTest {

    @Test
    void shouldKeepTheOrdinalsOfEveryEnumStoredInSessionState() {
        assertStartsWith(CallRole.values(), "CALLER", "CALLEE", "UNKNOWN");
        assertStartsWith(CallType.values(), "SINGLE", "GROUP", "UNKNOWN");
        assertStartsWith(MediaType.values(), "AUDIO", "VIDEO", "UNKNOWN");
        assertStartsWith(ClosedBy.values(), "EVENTS", "TIMEOUT", "UNKNOWN");
    }

    @Test
    void shouldKeepTheBitOfEveryStoredFact() {
        assertThat(List.of(Facts.STARTED, Facts.RECEIVED, Facts.ANSWERED, Facts.MISSED, Facts.REJECTED, Facts.BUSY,
                Facts.CANCELLED, Facts.FAILED, Facts.ENDED, Facts.INTERRUPTED, Facts.OWN_TERMINAL, Facts.ALERTED,
                Facts.RECORDED, Facts.RECORD_START, Facts.RECORD_ACCEPT, Facts.RECORD_END))
                .containsExactly(1, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7, 1 << 8, 1 << 9, 1 << 10,
                        1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15);
    }

    private static void assertStartsWith(Enum<?>[] values, String... pinned) {
        List<String> names = Arrays.stream(values).map(Enum::name).toList();
        assertThat(names.subList(0, Math.min(pinned.length, names.size())))
                .as("stored ordinals of %s (append new symbols at the end)", values.getClass().getComponentType())
                .containsExactly(pinned);
    }
}

package io.callstream.processor.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fingerprint text must not change: stored sessions carry fingerprints made with {@code Instant.toString()}. */
class IsoInstantsTest {

    private static String text(Instant t) {
        return IsoInstants.append(new StringBuilder(), t).toString();
    }

    @Test
    void shouldWriteWhatInstantToStringWritesWhenTheInstantIsAnEdgeCase() {
        for (String s : new String[] {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00.001Z", "1999-12-31T23:59:59.999Z",
                "2000-02-29T12:00:00.100Z", "2024-02-29T00:00:00.010Z", "2100-03-01T00:00:00Z", "2026-12-06T19:15:44.139Z",
                "9999-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            Instant t = Instant.parse(s);
            assertThat(text(t)).as(s).isEqualTo(t.toString());
        }
        Instant nanos = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
        assertThat(text(nanos)).isEqualTo(nanos.toString());
        assertThat(text(null)).isEqualTo("null");
    }

    @Test
    void shouldWriteWhatInstantToStringWritesWhenMillisAreRandom() {
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(0, 253_402_300_800_000L));
            assertThat(text(t)).isEqualTo(t.toString());
        }
    }
}

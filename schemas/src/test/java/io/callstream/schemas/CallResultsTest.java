package io.callstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallResult;
import org.junit.jupiter.api.Test;

class CallResultsTest {

    @Test
    void shouldMapEveryOutcomeToAResultWhenSummarised() {
        assertThat(CallResults.of(CallOutcome.COMPLETED, true)).isEqualTo(CallResult.NORMAL_END);
        assertThat(CallResults.of(CallOutcome.MISSED, false)).isEqualTo(CallResult.NOT_ANSWER);
        assertThat(CallResults.of(CallOutcome.REJECTED, false)).isEqualTo(CallResult.REJECT);
        assertThat(CallResults.of(CallOutcome.BUSY, false)).isEqualTo(CallResult.CALL_BUSY);
        assertThat(CallResults.of(CallOutcome.CANCELLED, false)).isEqualTo(CallResult.CANCEL);
        assertThat(CallResults.of(CallOutcome.FAILED, false)).isEqualTo(CallResult.INTERRUPT);
        assertThat(CallResults.of(CallOutcome.INTERRUPTED, true)).isEqualTo(CallResult.INTERRUPT);
        assertThat(CallResults.of(CallOutcome.TIMED_OUT, true)).isEqualTo(CallResult.INTERRUPT);
        assertThat(CallResults.of(CallOutcome.TIMED_OUT, false)).isEqualTo(CallResult.NOT_ANSWER);
        assertThat(CallResults.of(CallOutcome.UNKNOWN, false)).isEqualTo(CallResult.UNKNOWN);
    }

    @Test
    void shouldSpellEveryKnownResultInBothGenerationsWhenWritten() {
        assertThat(CallResults.v1(CallResult.NOT_ANSWER)).isEqualTo("not_answer");
        assertThat(CallResults.v4(CallResult.NOT_ANSWER)).isEqualTo("NotAnswer");
        assertThat(CallResults.v1(CallResult.CALL_BUSY)).isEqualTo("call_busy");
        assertThat(CallResults.v4(CallResult.CALL_BUSY)).isEqualTo("CallBusy");
        for (CallResult r : CallResult.values()) {
            assertThat(CallResults.v1(r) == null).as("v1 %s", r).isEqualTo(r == CallResult.UNKNOWN);
            assertThat(CallResults.v4(r) == null).as("v4 %s", r).isEqualTo(r == CallResult.UNKNOWN);
        }
    }
}

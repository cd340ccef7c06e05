package io.callstream.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallResult;
import io.callstream.schemas.CallResults;
import org.junit.jupiter.api.Test;

class CallkitWordsTest {

    @Test
    void shouldReadBackEveryResultWordWhenTheOtherServicesWroteIt() {
        for (CallResult r : CallResult.values()) {
            if (r != CallResult.UNKNOWN) {
                assertThat(CallkitWords.result(CallResults.v1(r))).as("v1 %s", r).isEqualTo(r);
                assertThat(CallkitWords.result(CallResults.v4(r))).as("v4 %s", r).isEqualTo(r);
            }
        }
    }

    @Test
    void shouldReadTheDocsOtherSpellingsWhenCaseAndSeparatorsDiffer() {
        assertThat(CallkitWords.result("Not_answer")).isEqualTo(CallResult.NOT_ANSWER);
        assertThat(CallkitWords.result("call_end")).isEqualTo(CallResult.NORMAL_END);
        assertThat(CallkitWords.result("Call Busy")).isEqualTo(CallResult.CALL_BUSY);
        assertThat(CallkitWords.result("hang up")).isEqualTo(CallResult.UNKNOWN);
    }
}

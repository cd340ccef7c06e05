package io.callstream.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallbackFamily;
import org.junit.jupiter.api.Test;

class EventNamesTest {

    @Test
    void shouldNormaliseAsLowerCaseWithoutSeparatorsWhenWordIsInAnyForm() {
        for (String w : new String[] {"audio", "", "start_call", "START-CALL", "Start Call", "startCall", "ünïcode",
            "ÄÖÜ_x", "İstanbul", "a_", "_", "call.callbackafterendcall", "Call.CallbackAfterEndCall", "x😀Y"}) {
            StringBuilder expected = new StringBuilder();
            for (char c : w.toCharArray()) {
                if (c != '_' && c != '-' && c != ' ') {
                    expected.append(Character.toLowerCase(c));
                }
            }
            assertThat(EventNames.normalise(w)).as(w).isEqualTo(expected.toString());
        }
    }

    @Test
    void shouldNormaliseAsBeforeWhenWordsRepeatOrShareASlot() {
        java.util.Random random = new java.util.Random(5);
        String letters = "aB_-c D";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder w = new StringBuilder();
            int n = random.nextInt(random.nextInt(20) == 0 ? 80 : 6);
            for (int k = 0; k < n; k++) {
                w.append(letters.charAt(random.nextInt(letters.length())));
            }
            String word = w.toString();
            String expected = word.replace("_", "").replace("-", "").replace(" ", "").toLowerCase(java.util.Locale.ROOT);

            assertThat(EventNames.normalise(word)).as(word).isEqualTo(expected);
            assertThat(EventNames.normalise(new String(word.toCharArray()))).as(word).isEqualTo(expected);
        }
    }

    @Test
    void shouldReturnTheSameStringWhenWordIsNormalAlready() {
        String word = new String("caller".toCharArray());

        assertThat(EventNames.normalise(word)).isSameAs(word);
    }

    @Test
    void shouldBoundCommandTagWhenCommandIsUnknownOrMissing() {
        assertThat(EventNames.commandTag("caller_start_call")).isEqualTo("caller_start_call");
        assertThat(EventNames.commandTag("Call.CallbackAfterStartCall")).isEqualTo("call.callbackafterstartcall");
        assertThat(EventNames.commandTag("random-" + System.nanoTime())).isEqualTo("other");
        assertThat(EventNames.commandTag(null)).isEqualTo("none");
    }

    @Test
    void shouldMapEventNamesWhenSpelledWithDashesOrBritishSpelling() {
        assertThat(EventNames.event("call-cancelled")).isEqualTo(CallEventType.CALL_CANCELED);
        assertThat(EventNames.event("Join_In_Group_Call")).isEqualTo(CallEventType.JOIN_IN_GROUP_CALL);
        assertThat(EventNames.event("")).isEqualTo(CallEventType.UNKNOWN);
    }

    @Test
    void shouldFindNoEventWhenCommandNamesNone() {
        assertThat(EventNames.eventOfCommand("Live.CallbackAfterCreateRoom")).isEmpty();
        assertThat(EventNames.eventOfCommand("")).isEmpty();
    }

    @Test
    void shouldNameTheFamilyWhenTheCommandWordBelongsToOne() {
        assertThat(EventNames.familyOfCommand("Call.CallbackAfterMemberChanged")).contains(CallbackFamily.V4_MEMBER_CHANGED);
        assertThat(EventNames.familyOfCommand("call.callbackafterendcall")).contains(CallbackFamily.V4_END_CALL);
        assertThat(EventNames.familyOfCommand("not_answer")).contains(CallbackFamily.V1_STATUS);
        assertThat(EventNames.familyOfCommand("call_end")).contains(CallbackFamily.V1_STATUS);
        assertThat(EventNames.familyOfCommand("callee_reject_call")).contains(CallbackFamily.V1_EVENT);
        assertThat(EventNames.familyOfCommand("Live.CallbackAfterCreateRoom")).isEmpty();
        assertThat(EventNames.familyOfCommand(null)).isEmpty();
    }

    @Test
    void shouldTagEveryDocumentedCommandWordWhenCountingRequests() {
        assertThat(EventNames.commandTag("Call.CallbackAfterMemberChanged")).isEqualTo("call.callbackaftermemberchanged");
        assertThat(EventNames.commandTag("not_answer")).isEqualTo("not_answer");
        assertThat(EventNames.commandTag("interrupt")).isEqualTo("interrupt");
    }
}

package io.callstream.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEventType;
import org.junit.jupiter.api.Test;

class EventNamesTest {

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
}

package io.callstream.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.callbacks.delivery.CallEvents;
import org.junit.jupiter.api.Test;

class CallbackCommandsTest {

    @Test
    void shouldPrefixSideSpecificEventsWithTheirSide() {
        assertThat(CallbackCommands.legacyAction(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1)))
                .contains("caller_start_call");
        assertThat(CallbackCommands.legacyAction(CallEvents.event("c1", "bob", CallRole.CALLEE, CallEventType.REJECT_CALL, 2)))
                .contains("callee_reject_call");
        assertThat(CallbackCommands.legacyAction(CallEvents.event("c1", "bob", CallRole.CALLEE, CallEventType.CALL_INTERRUPTED, 2)))
                .contains("callee_call_interrupted");
    }

    @Test
    void shouldUseDocumentedWordsWhenEventIsSideless() {
        assertThat(CallbackCommands.legacyAction(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.CALL_END, 3)))
                .contains("normal_end");
        assertThat(CallbackCommands.legacyAction(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.CALL_BUSY, 3)))
                .contains("call_busy");
        assertThat(CallbackCommands.legacyAction(CallEvents.event("c1", "carol", CallRole.CALLEE, CallEventType.INVITE_USER, 3)))
                .contains("invite_user");
        assertThat(CallbackCommands.legacyAction(CallEvents.event("c1", "carol", CallRole.UNKNOWN, CallEventType.UNKNOWN, 3)))
                .isEmpty();
    }

    @Test
    void shouldListTheSampleActionsWhenAskedForKnownActions() {
        assertThat(CallbackCommands.legacyActions())
                .contains("call_busy", "normal_end", "caller_start_call", "invite_user", "callee_reject_call")
                .contains("cancel", "reject", "not_answer", "interrupt");
    }
}

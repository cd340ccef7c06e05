package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.callbacks.store.AppCallbackConfig;
import io.callstream.callbacks.store.Subscription;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which callbacks an event matches: each subscription in its own generation, only for the names it lists. */
class DeliveryEngineTest {

    static final Optional<AppCallbackConfig> BOTH = Optional.of(AppCallbackConfig.empty(CallEvents.APP)
            .withLegacy(Optional.of(new Subscription("http://v1.example.com/cb", List.of("caller_start_call", "callee_accept_call"))), 1)
            .withV4(Optional.of(new Subscription("http://v4.example.com/cb",
                    List.of("Call.CallbackAfterStartCall", "Call.CallbackAfterEndCall"))), 1));

    @Test
    void shouldSendEachSubscriberItsOwnGenerationWhenBothListTheEvent() {
        var requests = DeliveryEngine.requestsFor(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1), BOTH);

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).singleElement().satisfies(r -> {
            assertThat(r.uri().toString()).startsWith("http://v1.example.com/cb?sdkappid=1400000001&command=caller_start_call&");
            assertThat(r.body()).contains("\"Event\":\"start_call\"");
        });
        assertThat(requests.get(1)).singleElement().satisfies(r -> {
            assertThat(r.uri().toString()).startsWith("http://v4.example.com/cb?SdkAppid=1400000001"
                    + "&CallbackCommand=Call.CallbackAfterStartCall&");
            assertThat(r.body()).contains("\"CallInfo\"");
        });
    }

    @Test
    void shouldSendOnlyToTheSubscriberThatListsTheNameWhenTheOtherDoesNot() {
        var requests = DeliveryEngine.requestsFor(CallEvents.event("c1", "bob", CallRole.CALLEE, CallEventType.ACCEPT_CALL, 2), BOTH);

        assertThat(requests).singleElement().satisfies(list -> assertThat(list).extracting(CallbackRequest::command)
                .containsExactly("callee_accept_call"));
    }

    @Test
    void shouldFindTheEndCallSubscriptionOnlyWhenItListsTheEndCall() {
        assertThat(DeliveryEngine.endCallSubscription(BOTH)).map(Subscription::address).contains("http://v4.example.com/cb");
        assertThat(DeliveryEngine.endCallSubscription(Optional.of(AppCallbackConfig.empty(CallEvents.APP)
                .withV4(Optional.of(new Subscription("http://v4.example.com/cb", List.of("Call.CallbackAfterStartCall"))), 1))))
                .isEmpty();
    }
}

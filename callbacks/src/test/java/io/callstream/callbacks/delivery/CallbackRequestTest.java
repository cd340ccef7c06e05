package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import org.junit.jupiter.api.Test;

class CallbackRequestTest {

    @Test
    void shouldAddTheV1QueryParametersWhenTheSubscriberIsV1() {
        CallEvent e = CallEvents.event("c1", "Alice", CallRole.CALLER, CallEventType.START_CALL, 1704695566);

        CallbackRequest r = CallbackRequest.v1(e, "http://example.com/cb?token=x", new Outbound("caller_start_call", "{}"));

        assertThat(r.uri().toString()).isEqualTo("http://example.com/cb?token=x&sdkappid=1400000001"
                + "&command=caller_start_call&contenttype=json&clientip=127.0.0.1&optplatform=iOS");
    }

    @Test
    void shouldAddTheV4QueryParametersWhenTheSubscriberIsV4() {
        CallbackRequest r = CallbackRequest.v4(1400000001L, "c1", "e1", "https://example.com/cb",
                new Outbound("Call.CallbackAfterStartCall", "{}"), "10.0.0.7", "Android");

        assertThat(r.uri().toString()).isEqualTo("https://example.com/cb?SdkAppid=1400000001"
                + "&CallbackCommand=Call.CallbackAfterStartCall&contenttype=json&ClientIP=10.0.0.7&OptPlatform=Android");
    }

    @Test
    void shouldSendUnknownPlatformAndEmptyClientIpWhenTheV4CallbackHasNeither() {
        CallbackRequest r = CallbackRequest.v4(1400000001L, "c1", "summary:r1", "https://example.com/cb?",
                new Outbound("Call.CallbackAfterEndCall", "{}"), null, null);

        assertThat(r.uri().getRawQuery()).isEqualTo("SdkAppid=1400000001&CallbackCommand=Call.CallbackAfterEndCall"
                + "&contenttype=json&ClientIP=&OptPlatform=Unknown");
    }
}

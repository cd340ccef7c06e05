package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackRequestTest {

    @Test
    void shouldRebuildDocumentedBodyWhenEventHasExtraFields() {
        CallEvent e = CallEvent.newBuilder(CallEvents.event("aheahfo-eqwnknoihfsd-qweqf", "Alice", CallRole.CALLER,
                        CallEventType.CALL_END, 1704856885))
                .setRoomId("Alice's Room").setCallResult("normal_end")
                .setStartCallTime(Instant.ofEpochSecond(1704856873)).setAcceptTime(Instant.ofEpochSecond(1704856876))
                .setEndTime(Instant.ofEpochSecond(1704856885))
                .setExtra(Map.of("Custom", "{\"a\":1}", "Note", "\"hi\"", "Raw", "not json")).build();

        JsonObject body = new JsonObject(CallbackRequest.of(e, "http://example.com/cb", "normal_end").body());

        assertThat(body.getMap()).containsEntry("UserId", "Alice").containsEntry("RoomId", "Alice's Room")
                .containsEntry("TotalNum", 2).containsEntry("MediaType", "audio").containsEntry("CallType", "single")
                .containsEntry("CallId", "aheahfo-eqwnknoihfsd-qweqf").containsEntry("Role", "caller")
                .containsEntry("Event", "call_end").containsEntry("CallResult", "normal_end")
                .containsEntry("EventTime", 1704856885).containsEntry("StartCallTs", 1704856873)
                .containsEntry("AcceptTs", 1704856876).containsEntry("EndTs", 1704856885)
                .containsEntry("Note", "hi").containsEntry("Raw", "not json");
        assertThat(body.getJsonObject("Custom").getInteger("a")).isEqualTo(1);
    }

    @Test
    void shouldAddDocumentedQueryParametersWhenBuildingTheUrl() {
        CallEvent e = CallEvents.event("c1", "Alice", CallRole.CALLER, CallEventType.START_CALL, 1704695566);
        CallbackRequest r = CallbackRequest.of(e, "http://example.com/cb?token=x", "caller_start_call");
        assertThat(r.uri().toString()).isEqualTo("http://example.com/cb?token=x&sdkappid=1400000001"
                + "&command=caller_start_call&contenttype=json&clientip=127.0.0.1&optplatform=iOS");
    }
}

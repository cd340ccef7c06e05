package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallUser;
import io.callstream.avro.CallUserStatus;
import io.callstream.avro.MemberAction;
import io.callstream.avro.MemberChange;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a v1 subscriber receives for each callback family: v1 bodies only. */
class V1CallbacksTest {

    @Test
    void shouldRebuildTheDocumentedBodyWithItsExtraFieldsWhenTheEventIsAV1EventCallback() {
        CallEvent e = CallEvent.newBuilder(CallEvents.event("aheahfo-eqwnknoihfsd-qweqf", "Alice", CallRole.CALLER,
                        CallEventType.CALL_END, 1704856885))
                .setRoomId("Alice's Room").setCallResult("normal_end")
                .setStartCallTime(Instant.ofEpochSecond(1704856873)).setAcceptTime(Instant.ofEpochSecond(1704856876))
                .setEndTime(Instant.ofEpochSecond(1704856885))
                .setExtra(Map.of("Custom", "{\"a\":1}", "Note", "\"hi\"", "Raw", "not json", "callstream.eventTimeFallback", "receivedAt"))
                .build();

        List<Outbound> out = V1Callbacks.of(e);

        assertThat(out).extracting(Outbound::command).containsExactly("normal_end");
        JsonObject body = new JsonObject(out.get(0).body());
        assertThat(body.getMap()).containsEntry("UserId", "Alice").containsEntry("RoomId", "Alice's Room")
                .containsEntry("TotalNum", 2).containsEntry("MediaType", "audio").containsEntry("CallType", "single")
                .containsEntry("CallId", "aheahfo-eqwnknoihfsd-qweqf").containsEntry("Role", "caller")
                .containsEntry("Event", "call_end").containsEntry("CallResult", "normal_end")
                .containsEntry("EventTime", 1704856885).containsEntry("StartCallTs", 1704856873)
                .containsEntry("AcceptTs", 1704856876).containsEntry("EndTs", 1704856885)
                .containsEntry("Note", "hi").containsEntry("Raw", "not json")
                .doesNotContainKey("callstream.eventTimeFallback");
        assertThat(body.getJsonObject("Custom").getInteger("a")).isEqualTo(1);
    }

    @Test
    void shouldPassOnTheDocumentedStatusBodyWhenTheEventIsAV1StatusCallback() {
        List<Outbound> out = V1Callbacks.of(CallEvents.statusSample());

        assertThat(out).extracting(Outbound::command).containsExactly("normal_end");
        assertThat(new JsonObject(out.get(0).body())).isEqualTo(new JsonObject("{\"UserId\":\"Alice\",\"RoomId\":\"Alice's Room\","
                + "\"TotalNum\":2,\"MediaType\":\"audio\",\"CallType\":\"single\",\"CallId\":\"aheahfo-eqwnknoihfsd-qweqf\","
                + "\"Role\":\"caller\",\"CallResult\":\"normal_end\",\"EventTime\":1704856885,"
                + "\"StartCallTs\":1704856873,\"AcceptTs\":1704856876,\"EndTs\":1704856885}"));
    }

    @Test
    void shouldSendTheCallersStartCallWhenTheEventIsAV4StartCall() {
        List<Outbound> out = V1Callbacks.of(CallEvents.startCallSample());

        assertThat(out).extracting(Outbound::command).containsExactly("caller_start_call");
        assertThat(new JsonObject(out.get(0).body())).isEqualTo(new JsonObject("{\"UserId\":\"alice\",\"TotalNum\":2,"
                + "\"MediaType\":\"audio\",\"CallId\":\"055662e1-bc8a-469c-a334-1126c8c17d58\",\"Role\":\"caller\","
                + "\"Event\":\"start_call\",\"CallResult\":\"\",\"EventTime\":1740464128,\"StartCallTs\":1740464128}"));
    }

    @Test
    void shouldSendOneEventCallbackPerMemberWhenAV4MemberChangeNamesSeveral() {
        CallEvent e = CallEvent.newBuilder(CallEvents.memberChangedSample())
                .setUsers(List.of(new CallUser("user1", CallUserStatus.CALLING, "Calling")))
                .setChangedUsers(List.of(new MemberChange("user2", MemberAction.ANSWER, "Accept"),
                        new MemberChange("user2", MemberAction.HANG_UP, "Hang Up"),
                        new MemberChange("user3", MemberAction.OFFLINE, "Offline"),
                        new MemberChange("user4", MemberAction.UNKNOWN, "Dance")))
                .build();

        List<Outbound> out = V1Callbacks.of(e);

        assertThat(out).extracting(Outbound::command).containsExactly("callee_accept_call", "normal_end");
        assertThat(new JsonObject(out.get(0).body())).isEqualTo(new JsonObject("{\"UserId\":\"user2\",\"TotalNum\":1,"
                + "\"CallId\":\"055662e1-bc8a-469c-a334-1126c8c17d58\",\"Role\":\"callee\",\"Event\":\"accept_call\","
                + "\"CallResult\":\"\",\"EventTime\":1740464128}"));
        assertThat(new JsonObject(out.get(1).body()).getMap()).containsEntry("UserId", "user2").containsEntry("Event", "call_end")
                .doesNotContainKey("Role");
    }

    @Test
    void shouldSendAStatusCallbackBuiltFromTheCallRecordWhenTheEventIsAV4EndCall() {
        List<Outbound> out = V1Callbacks.of(CallEvents.endCallSample());

        assertThat(out).extracting(Outbound::command).containsExactly("not_answer");
        assertThat(new JsonObject(out.get(0).body())).isEqualTo(new JsonObject("{\"UserId\":\"10001\",\"RoomId\":\"roomid-1434\","
                + "\"TotalNum\":2,\"MediaType\":\"audio\",\"CallType\":\"single\",\"CallId\":\"055662e1-bc8a-469c-a334-1126c8c17d58\","
                + "\"Role\":\"caller\",\"CallResult\":\"not_answer\",\"EventTime\":1703589922,"
                + "\"StartCallTs\":1741231146,\"EndTs\":1741231296}"));
    }

    @Test
    void shouldSendNothingWhenTheStatusResultIsUnknown() {
        CallEvent e = CallEvent.newBuilder(CallEvents.statusSample()).setCallResult("exploded")
                .setResult(io.callstream.avro.CallResult.UNKNOWN).build();

        assertThat(V1Callbacks.of(e)).isEmpty();
    }
}

package io.callstream.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.CallUser;
import io.callstream.avro.CallUserStatus;
import io.callstream.avro.CallbackFamily;
import io.callstream.avro.MediaType;
import io.callstream.avro.MemberAction;
import io.callstream.avro.MemberChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroMissingFieldException;
import org.junit.jupiter.api.Test;

class EventDraftTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00.123456Z");

    @Test
    void shouldMakeTheBuildersRecordWhenEveryFieldIsSet() {
        EventDraft draft = new EventDraft();
        CallEvent.Builder builder = CallEvent.newBuilder();
        draft.setEventId("id").setSdkAppId(7L).setCallId("c").setRoomId("r").setUserId("u").setRole(CallRole.CALLER)
                .setEvent(CallEventType.START_CALL).setCommand("cmd").setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO).setTotalNum(2).setCallResult("NormalEnd").setEventTime(T)
                .setStartCallTime(T).setAcceptTime(T).setEndTime(T).setPlatform("iOS").setClientIp("1.2.3.4")
                .setReceivedAt(T).setExtra(Map.of("k", "\"v\"")).setFamily(CallbackFamily.V4_END_CALL)
                .setResult(CallResult.NORMAL_END).setCallerId("a").setCalleeIds(List.of("a", "b"))
                .setUsers(List.of(new CallUser("a", CallUserStatus.CALLING, "Calling")))
                .setChangedUsers(List.of(new MemberChange("b", MemberAction.ANSWER, "Answer"))).setRoomIdType(2)
                .setChatGroupId("g");
        builder.setEventId("id").setSdkAppId(7L).setCallId("c").setRoomId("r").setUserId("u").setRole(CallRole.CALLER)
                .setEvent(CallEventType.START_CALL).setCommand("cmd").setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO).setTotalNum(2).setCallResult("NormalEnd").setEventTime(T)
                .setStartCallTime(T).setAcceptTime(T).setEndTime(T).setPlatform("iOS").setClientIp("1.2.3.4")
                .setReceivedAt(T).setExtra(Map.of("k", "\"v\"")).setFamily(CallbackFamily.V4_END_CALL)
                .setResult(CallResult.NORMAL_END).setCallerId("a").setCalleeIds(List.of("a", "b"))
                .setUsers(List.of(new CallUser("a", CallUserStatus.CALLING, "Calling")))
                .setChangedUsers(List.of(new MemberChange("b", MemberAction.ANSWER, "Answer"))).setRoomIdType(2)
                .setChatGroupId("g");

        assertThat(draft.build()).isEqualTo(builder.build());
        assertThat(draft.getCommand()).isEqualTo("cmd");
    }

    @Test
    void shouldLeaveOptionalFieldsAtTheirDefaultsWhenOnlyRequiredOnesAreSet() {
        CallEvent event = required(new EventDraft()).build();
        CallEvent expected = CallEvent.newBuilder().setEventId("id").setSdkAppId(7L).setCallId("c").setUserId("u")
                .setRole(CallRole.UNKNOWN).setEvent(CallEventType.UNKNOWN).setCallType(CallType.UNKNOWN)
                .setMediaType(MediaType.UNKNOWN).setEventTime(T).setReceivedAt(T).setExtra(Map.of()).build();

        assertThat(event).isEqualTo(expected);
    }

    @Test
    void shouldFailAsTheBuilderDoesWhenARequiredFieldIsNotSet() {
        assertThatThrownBy(() -> required(new EventDraft()).setUserId(null).build())
                .isInstanceOf(AvroMissingFieldException.class).hasMessageContaining("userId");
        assertThatThrownBy(() -> required(new EventDraft()).setExtra(null).build())
                .isInstanceOf(AvroMissingFieldException.class).hasMessageContaining("extra");
    }

    private static EventDraft required(EventDraft d) {
        return d.setEventId("id").setSdkAppId(7L).setCallId("c").setUserId("u").setRole(CallRole.UNKNOWN)
                .setEvent(CallEventType.UNKNOWN).setCallType(CallType.UNKNOWN).setMediaType(MediaType.UNKNOWN)
                .setEventTime(T).setReceivedAt(T).setExtra(Map.of());
    }
}

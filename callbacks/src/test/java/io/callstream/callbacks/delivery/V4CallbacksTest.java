package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What a v4 subscriber receives: the section 2 bodies, relayed, translated from v1, or built from the summary. */
class V4CallbacksTest {

    /** The section 2.1 sample as documented. */
    static final String START_CALL_SAMPLE = "{\"CallbackCommand\":\"Call.CallbackAfterStartCall\","
            + "\"CallInfo\":{\"CallId\":\"055662e1-bc8a-469c-a334-1126c8c17d58\",\"CallMediaType\":\"Audio\",\"ChatGroupId\":\"\","
            + "\"RoomId\":\"\",\"RoomIdType\":1},"
            + "\"UserList\":[{\"User_Account\":\"alice\",\"Status\":\"Calling\"},{\"User_Account\":\"bob\",\"Status\":\"Waiting\"}],"
            + "\"EventTime\":1740464128807}";
    /** The section 2.3 sample as documented (with the comma the page lacks). */
    static final String MEMBER_CHANGED_SAMPLE = "{\"CallbackCommand\":\"Call.CallbackAfterMemberChanged\","
            + "\"CallId\":\"055662e1-bc8a-469c-a334-1126c8c17d58\","
            + "\"UserList\":[{\"User_Account\":\"user1\",\"Status\":\"Calling\"},{\"User_Account\":\"user2\",\"Status\":\"Calling\"}],"
            + "\"ChangedUserList\":[{\"User_Account\":\"user2\",\"ActionType\":\"Answer\"}],\"EventTime\":1740464128807}";

    @Test
    void shouldPassOnTheDocumentedBodyWhenAV4StartCallIsRelayed() {
        List<Outbound> out = V4Callbacks.of(CallEvents.startCallSample());

        assertThat(out).extracting(Outbound::command).containsExactly("Call.CallbackAfterStartCall");
        assertThat(new JsonObject(out.get(0).body())).isEqualTo(new JsonObject(START_CALL_SAMPLE));
    }

    @Test
    void shouldPassOnTheDocumentedBodyWhenAV4MemberChangeIsRelayed() {
        List<Outbound> out = V4Callbacks.of(CallEvents.memberChangedSample());

        assertThat(out).extracting(Outbound::command).containsExactly("Call.CallbackAfterMemberChanged");
        assertThat(new JsonObject(out.get(0).body())).isEqualTo(new JsonObject(MEMBER_CHANGED_SAMPLE));
    }

    @Test
    void shouldKeepTheSendersSpellingAndExtraFieldsWhenRelaying() {
        CallEvent e = CallEvent.newBuilder(CallEvents.memberChanged(CallEvents.APP, "c1", 1_000_000_000_000L, "bob",
                        io.callstream.avro.MemberAction.CANCEL_INVITE, "Canncel_Invite", List.of("alice")))
                .setExtra(Map.of("Tag", "{\"k\":\"v\"}", "UserList[0].Nick", "\"Al\"", "callstream.eventTimeFallback", "receivedAt"))
                .build();

        JsonObject body = new JsonObject(V4Callbacks.of(e).get(0).body());

        assertThat(body.getJsonArray("ChangedUserList").getJsonObject(0).getString("ActionType")).isEqualTo("Canncel_Invite");
        assertThat(body.getJsonObject("Tag").getString("k")).isEqualTo("v");
        assertThat(body.fieldNames()).containsExactlyInAnyOrder("CallbackCommand", "CallId", "UserList", "ChangedUserList",
                "EventTime", "Tag");
    }

    @Test
    void shouldTranslateTheCallersStartCallWhenAV1StartCallArrives() {
        CallEvent e = CallEvents.event("c1", "Alice", CallRole.CALLER, CallEventType.START_CALL, 1704695566);

        List<Outbound> out = V4Callbacks.of(e);

        assertThat(out).extracting(Outbound::command).containsExactly("Call.CallbackAfterStartCall");
        assertThat(new JsonObject(out.get(0).body())).isEqualTo(new JsonObject("{\"CallbackCommand\":\"Call.CallbackAfterStartCall\","
                + "\"CallInfo\":{\"CallId\":\"c1\",\"CallMediaType\":\"Audio\",\"ChatGroupId\":\"\",\"RoomId\":\"room-c1\",\"RoomIdType\":2},"
                + "\"UserList\":[{\"User_Account\":\"Alice\",\"Status\":\"Calling\"}],\"EventTime\":1704695566000}"));
    }

    /** Every v1 event about its own user, and the v4 action it becomes (the sample's spellings). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ACCEPT_CALL, Answer, Calling",
        "REJECT_CALL, Reject, ",
        "NOT_ANSWER_CALL, NotAnswer, ",
        "IGNORE_CALL, NotAnswer, ",
        "CALL_END, Hangup, ",
        "JOIN_IN_GROUP_CALL, Join, Calling",
        "CALL_INTERRUPTED, Offline, ",
        "INVITE_USER, Invite, Waiting",
        "CALL_CANCELED, Cancel_Invite, ",
    })
    void shouldTranslateToAMemberChangeWhenAV1EventReportsItsOwnUsersChange(CallEventType event, String action, String status) {
        CallEvent e = CallEvents.event("c1", "bob", CallRole.CALLEE, event, 1704695570);

        List<Outbound> out = V4Callbacks.of(e);

        assertThat(out).extracting(Outbound::command).containsExactly("Call.CallbackAfterMemberChanged");
        JsonObject body = new JsonObject(out.get(0).body());
        assertThat(body.getString("CallId")).isEqualTo("c1");
        assertThat(body.getLong("EventTime")).isEqualTo(1704695570000L);
        assertThat(body.getJsonArray("ChangedUserList")).containsExactly(new JsonObject().put("User_Account", "bob").put("ActionType", action));
        assertThat(body.getJsonArray("UserList")).isEqualTo(status == null ? new io.vertx.core.json.JsonArray()
                : new io.vertx.core.json.JsonArray().add(new JsonObject().put("User_Account", "bob").put("Status", status)));
    }

    @ParameterizedTest
    @EnumSource(value = CallEventType.class, names = {"CALL_ACCEPTED", "CALL_MISSED", "CALL_REJECTED", "CALL_BUSY",
        "CANCEL_CALL", "CALL_FAILED", "RECEIVE_CALL", "UNKNOWN"})
    void shouldTranslateNothingWhenAV1EventIsACallersReportOrARing(CallEventType event) {
        assertThat(V4Callbacks.of(CallEvents.event("c1", "alice", CallRole.CALLER, event, 1704695570))).isEmpty();
    }

    @Test
    void shouldSendNothingForAnEndRecordWhenItArrivesAsAnEvent() {
        assertThat(V4Callbacks.of(CallEvents.endCallSample())).as("v4 end call: the summary's end call stands for it").isEmpty();
        assertThat(V4Callbacks.of(CallEvents.statusSample())).as("v1 status callback").isEmpty();
    }

    @Test
    void shouldBuildExactlyTheDocumentedRecordWhenAnAnsweredCallIsSummarised() {
        CallSummary s = CallEvents.summary(CallEvents.APP, "c1", CallOutcome.COMPLETED, 1, 1741231146, "10001", "user2");

        Outbound out = V4Callbacks.endCall(s).orElseThrow();

        assertThat(out.command()).isEqualTo("Call.CallbackAfterEndCall");
        assertThat(new JsonObject(out.body())).isEqualTo(new JsonObject("{\"CallbackCommand\":\"Call.CallbackAfterEndCall\","
                + "\"CallRecord\":{\"CallId\":\"c1\",\"Caller_Account\":\"10001\",\"MediaType\":\"Video\",\"CallType\":\"SingleCall\","
                + "\"StartTime\":1741231146,\"EndTime\":1741231211,\"AcceptTime\":1741231151,\"CallResult\":\"NormalEnd\","
                + "\"CalleeList_Account\":[\"10001\",\"user2\"],\"RoomId\":\"1234\",\"RoomIdType\":1},"
                + "\"EventTime\":1741231211000}"));
    }

    @Test
    void shouldSendAcceptTimeZeroWhenNobodyAnswered() {
        JsonObject record = new JsonObject(V4Callbacks.endCall(CallEvents.summary(CallEvents.APP, "c1", CallOutcome.MISSED, 1,
                1741231146, "alice", "bob")).orElseThrow().body()).getJsonObject("CallRecord");

        assertThat(record.getLong("AcceptTime")).isZero();
        assertThat(record.getString("CallResult")).isEqualTo("NotAnswer");
    }

    @Test
    void shouldCallItAMultiCallWhenTheSummaryDoesNotKnowTheTypeAndTwoCalleesTookPart() {
        CallSummary s = CallSummary.newBuilder(CallEvents.summary(CallEvents.APP, "g1", CallOutcome.COMPLETED, 1, 1741231146,
                "alice", "bob", "carol")).setCallType(CallType.UNKNOWN).setRoomId("room-g1").build();

        JsonObject record = new JsonObject(V4Callbacks.endCall(s).orElseThrow().body()).getJsonObject("CallRecord");

        assertThat(record.getString("CallType")).isEqualTo("MultiCall");
        assertThat(record.getJsonArray("CalleeList_Account")).containsExactly("alice", "bob", "carol");
        assertThat(record.getInteger("RoomIdType")).isEqualTo(2);
    }

    /** Our outcomes and the v4 CallResult words they are sent as. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "COMPLETED, NormalEnd", "MISSED, NotAnswer", "REJECTED, Reject", "BUSY, CallBusy", "CANCELLED, Cancel",
        "FAILED, Interrupt", "INTERRUPTED, Interrupt", "TIMED_OUT, NotAnswer",
    })
    void shouldSendTheV4ResultWordWhenTheSummaryHasAnOutcome(CallOutcome outcome, String word) {
        CallSummary s = CallEvents.summary(CallEvents.APP, "c1", outcome, 1, 1741231146, "alice", "bob");

        assertThat(new JsonObject(V4Callbacks.endCall(s).orElseThrow().body()).getJsonObject("CallRecord").getString("CallResult"))
                .isEqualTo(word);
    }

    @Test
    void shouldSendInterruptWhenAnAnsweredCallTimedOut() {
        CallSummary s = CallSummary.newBuilder(CallEvents.summary(CallEvents.APP, "c1", CallOutcome.COMPLETED, 1, 1741231146,
                "alice", "bob")).setOutcome(CallOutcome.TIMED_OUT).build();

        assertThat(V4Callbacks.callResult(s)).contains("Interrupt");
    }

    @Test
    void shouldSendNoEndCallWhenTheOutcomeIsUnknownToThisBuild() {
        CallSummary s = CallSummary.newBuilder(CallEvents.summary(CallEvents.APP, "c1", CallOutcome.COMPLETED, 1, 1741231146,
                "alice", "bob")).setOutcome(CallOutcome.UNKNOWN).build();

        assertThat(V4Callbacks.endCall(s)).isEmpty();
    }
}

package io.callstream.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import io.callstream.ingest.fixtures.Callbacks;
import io.callstream.ingest.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every example body of callkit-v4-and-records.md (section 2: the three v4 callbacks, section 3: the
 * v1 call status callback) mapped field by field, and the docs' inconsistent spellings.
 */
class WebhookMapperFamiliesTest {

    private static final Instant NOW = Instant.parse("2026-01-08T06:32:46.123Z");
    private static final String CALL_ID = "055662e1-bc8a-469c-a334-1126c8c17d58";
    private final WebhookMapper mapper = new WebhookMapper(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldMapTheDocsStartCallExampleFieldByField() {
        CallEvent e = map("Call.CallbackAfterStartCall", Callbacks.V4_START_CALL);

        assertThat(e.getFamily()).isEqualTo(CallbackFamily.V4_START_CALL);
        assertThat(e.getEventId()).hasSize(64);
        assertThat(e.getSdkAppId()).isEqualTo(Callbacks.SDK_APP_ID);
        assertThat(e.getCallId()).isEqualTo(CALL_ID);
        assertThat(e.getRoomId()).isNull();
        assertThat(e.getRoomIdType()).isEqualTo(1);
        assertThat(e.getChatGroupId()).isNull();
        assertThat(e.getUserId()).isEqualTo("alice");
        assertThat(e.getRole()).isEqualTo(CallRole.CALLER);
        assertThat(e.getEvent()).isEqualTo(CallEventType.START_CALL);
        assertThat(e.getCommand()).isEqualTo("Call.CallbackAfterStartCall");
        assertThat(e.getCallType()).isEqualTo(CallType.UNKNOWN);
        assertThat(e.getMediaType()).isEqualTo(MediaType.AUDIO);
        assertThat(e.getTotalNum()).isNull();
        assertThat(e.getCallResult()).isNull();
        assertThat(e.getResult()).isNull();
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochMilli(1740464128807L));
        assertThat(e.getStartCallTime()).isEqualTo(Instant.ofEpochMilli(1740464128807L));
        assertThat(e.getAcceptTime()).isNull();
        assertThat(e.getEndTime()).isNull();
        assertThat(e.getUsers()).containsExactly(new CallUser("alice", CallUserStatus.CALLING, "Calling"),
                new CallUser("bob", CallUserStatus.WAITING, "Waiting"));
        assertThat(e.getChangedUsers()).isNull();
        assertThat(e.getCallerId()).isNull();
        assertThat(e.getCalleeIds()).isNull();
        assertThat(e.getPlatform()).isEqualTo("Web");
        assertThat(e.getClientIp()).isEqualTo("10.0.0.7");
        assertThat(e.getReceivedAt()).isEqualTo(NOW);
        assertThat(e.getExtra()).isEmpty();
    }

    @Test
    void shouldMapTheDocsEndCallExampleFieldByField() {
        CallEvent e = map("Call.CallbackAfterEndCall", Callbacks.V4_END_CALL);

        assertThat(e.getFamily()).isEqualTo(CallbackFamily.V4_END_CALL);
        assertThat(e.getCallId()).isEqualTo(CALL_ID);
        assertThat(e.getCallerId()).isEqualTo("10001");
        assertThat(e.getUserId()).isEqualTo("10001");
        assertThat(e.getRole()).isEqualTo(CallRole.CALLER);
        assertThat(e.getEvent()).isEqualTo(CallEventType.CALL_MISSED);
        assertThat(e.getCommand()).isEqualTo("Call.CallbackAfterEndCall");
        assertThat(e.getMediaType()).isEqualTo(MediaType.AUDIO);
        assertThat(e.getCallType()).isEqualTo(CallType.SINGLE);
        assertThat(e.getStartCallTime()).isEqualTo(Instant.ofEpochSecond(1741231146L));
        assertThat(e.getAcceptTime()).isNull();
        assertThat(e.getEndTime()).isEqualTo(Instant.ofEpochSecond(1741231296L));
        assertThat(e.getCallResult()).isEqualTo("NotAnswer");
        assertThat(e.getResult()).isEqualTo(CallResult.NOT_ANSWER);
        assertThat(e.getCalleeIds()).containsExactly("10001", "user2");
        assertThat(e.getRoomId()).isEqualTo("roomid-1434");
        assertThat(e.getRoomIdType()).isEqualTo(2);
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochMilli(1703589922780L));
        assertThat(e.getTotalNum()).isNull();
        assertThat(e.getUsers()).isNull();
        assertThat(e.getChangedUsers()).isNull();
        assertThat(e.getChatGroupId()).isNull();
        assertThat(e.getExtra()).isEmpty();
    }

    @Test
    void shouldMapTheDocsMemberChangedExampleFieldByField() {
        CallEvent e = map("Call.CallbackAfterMemberChanged", Callbacks.V4_MEMBER_CHANGED);

        assertThat(e.getFamily()).isEqualTo(CallbackFamily.V4_MEMBER_CHANGED);
        assertThat(e.getCallId()).isEqualTo(CALL_ID);
        assertThat(e.getUsers()).containsExactly(new CallUser("user1", CallUserStatus.CALLING, "Calling"),
                new CallUser("user2", CallUserStatus.CALLING, "Calling"));
        assertThat(e.getChangedUsers()).containsExactly(new MemberChange("user2", MemberAction.ANSWER, "Answer"));
        assertThat(e.getUserId()).isEqualTo("user2");
        assertThat(e.getRole()).isEqualTo(CallRole.CALLEE);
        assertThat(e.getEvent()).isEqualTo(CallEventType.ACCEPT_CALL);
        assertThat(e.getCommand()).isEqualTo("Call.CallbackAfterMemberChanged");
        assertThat(e.getCallType()).isEqualTo(CallType.UNKNOWN);
        assertThat(e.getMediaType()).isEqualTo(MediaType.UNKNOWN);
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochMilli(1740464128807L));
        assertThat(e.getStartCallTime()).isNull();
        assertThat(e.getRoomId()).isNull();
        assertThat(e.getRoomIdType()).isNull();
        assertThat(e.getCallResult()).isNull();
        assertThat(e.getResult()).isNull();
        assertThat(e.getCallerId()).isNull();
        assertThat(e.getCalleeIds()).isNull();
        assertThat(e.getExtra()).isEmpty();
    }

    @Test
    void shouldMapTheDocsStatusCallbackExampleFieldByField() {
        CallEvent e = map("normal_end", Callbacks.V1_STATUS);

        assertThat(e.getFamily()).isEqualTo(CallbackFamily.V1_STATUS);
        assertThat(e.getUserId()).isEqualTo("Alice");
        assertThat(e.getRoomId()).isEqualTo("Alice's Room");
        assertThat(e.getTotalNum()).isEqualTo(2);
        assertThat(e.getMediaType()).isEqualTo(MediaType.AUDIO);
        assertThat(e.getCallType()).isEqualTo(CallType.SINGLE);
        assertThat(e.getCallId()).isEqualTo("aheahfo-eqwnknoihfsd-qweqf");
        assertThat(e.getRole()).isEqualTo(CallRole.CALLER);
        assertThat(e.getCallResult()).isEqualTo("normal_end");
        assertThat(e.getResult()).isEqualTo(CallResult.NORMAL_END);
        assertThat(e.getEvent()).isEqualTo(CallEventType.CALL_END);
        assertThat(e.getCommand()).isEqualTo("normal_end");
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochSecond(1704856885L));
        assertThat(e.getStartCallTime()).isEqualTo(Instant.ofEpochSecond(1704856873L));
        assertThat(e.getAcceptTime()).isEqualTo(Instant.ofEpochSecond(1704856876L));
        assertThat(e.getEndTime()).isEqualTo(Instant.ofEpochSecond(1704856885L));
        assertThat(e.getUsers()).isNull();
        assertThat(e.getChangedUsers()).isNull();
        assertThat(e.getCallerId()).isNull();
        assertThat(e.getCalleeIds()).isNull();
        assertThat(e.getRoomIdType()).isNull();
        assertThat(e.getChatGroupId()).isNull();
        assertThat(e.getExtra()).isEmpty();
    }

    @Test
    void shouldMapTheV1EventCallbackAsBeforeWhenItHasAnEvent() {
        CallEvent e = map("caller_start_call", Callbacks.startCall("c1").encode());

        assertThat(e.getFamily()).isEqualTo(CallbackFamily.V1_EVENT);
        assertThat(e.getEvent()).isEqualTo(CallEventType.START_CALL);
        assertThat(e.getResult()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"V4_START_CALL", "V4_END_CALL", "V4_MEMBER_CHANGED"})
    void shouldRecogniseTheV4CallbackByShapeWhenNeitherQueryNorBodyNamesTheCommand(CallbackFamily family) {
        JsonObject body = new JsonObject(example(family));
        body.remove("CallbackCommand");

        assertThat(map(null, body.encode()).getFamily()).isEqualTo(family);
    }

    @ParameterizedTest
    @CsvSource({"V4_START_CALL,call.callbackafterstartcall", "V4_END_CALL,CALL.CALLBACKAFTERENDCALL",
            "V4_MEMBER_CHANGED,Call.CallbackAfterMemberChanged"})
    void shouldRecogniseTheV4CallbackByTheQueryCommandWhenTheBodyDoesNotRepeatIt(CallbackFamily family, String command) {
        JsonObject body = new JsonObject(example(family));
        body.remove("CallbackCommand");

        CallEvent e = map(command, body.encode());

        assertThat(e.getFamily()).isEqualTo(family);
        assertThat(e.getCommand()).isEqualTo(command);
    }

    @Test
    void shouldTakeTheCommandFromTheBodyWhenTheQueryHasNone() {
        assertThat(map(null, Callbacks.V4_END_CALL).getCommand()).isEqualTo("Call.CallbackAfterEndCall");
    }

    @Test
    void shouldKeepAccountsAsExactTextWhenUserAccountIsABareNumberBeyondDoublePrecision() {
        String body = Callbacks.V4_START_CALL.replace("\"alice\"", "144115212826591977").replace("\"bob\"", "144115233829034523");

        CallEvent e = map(null, body);

        assertThat(e.getUserId()).isEqualTo("144115212826591977");
        assertThat(e.getUsers()).extracting(CallUser::getUserId).containsExactly("144115212826591977", "144115233829034523");
    }

    @Test
    void shouldKeepCalleesAsTextWhenCalleeListHoldsNumbers() {
        CallEvent e = map(null, Callbacks.V4_END_CALL.replace("\"Caller_Account\":\"10001\"", "\"Caller_Account\":10001")
                .replace("[\"10001\",\"user2\"]", "[10001,\"user2\"]"));

        assertThat(e.getCallerId()).isEqualTo("10001");
        assertThat(e.getCalleeIds()).containsExactly("10001", "user2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Answer,ANSWER,ACCEPT_CALL,CALLEE", "Accept,ANSWER,ACCEPT_CALL,CALLEE", "Reject,REJECT,REJECT_CALL,CALLEE",
            "NotAnswer,NOT_ANSWER,NOT_ANSWER_CALL,CALLEE", "Hangup,HANG_UP,CALL_END,UNKNOWN",
            "Hang Up,HANG_UP,CALL_END,UNKNOWN", "Join,JOIN,JOIN_IN_GROUP_CALL,CALLEE",
            "Offline,OFFLINE,CALL_INTERRUPTED,UNKNOWN", "Invite,INVITE,INVITE_USER,CALLEE",
            "Invited,INVITE,INVITE_USER,CALLEE", "Cancel_Invite,CANCEL_INVITE,CALL_CANCELED,CALLEE",
            "Canncel_Invite,CANCEL_INVITE,CALL_CANCELED,CALLEE", "Teleport,UNKNOWN,UNKNOWN,UNKNOWN"})
    void shouldNormaliseEveryActionTypeSpellingOfTheDocsAndKeepTheRawValue(String raw, MemberAction action,
                                                                           CallEventType event, CallRole role) {
        CallEvent e = map(null, Callbacks.V4_MEMBER_CHANGED.replace("\"Answer\"", "\"" + raw + "\""));

        assertThat(e.getChangedUsers()).containsExactly(new MemberChange("user2", action, raw));
        assertThat(e.getEvent()).isEqualTo(event);
        assertThat(e.getRole()).isEqualTo(role);
    }

    @Test
    void shouldKeepEveryChangeAndTakeTheFirstForUserAndEventWhenSeveralMembersChangedAtOnce() {
        CallEvent e = map(null, Callbacks.V4_MEMBER_CHANGED.replace("[{\"User_Account\":\"user2\",\"ActionType\":\"Answer\"}]",
                "[{\"User_Account\":\"user3\",\"ActionType\":\"Invited\"},{\"User_Account\":\"user4\",\"ActionType\":\"Hang Up\"}]"));

        assertThat(e.getChangedUsers()).containsExactly(new MemberChange("user3", MemberAction.INVITE, "Invited"),
                new MemberChange("user4", MemberAction.HANG_UP, "Hang Up"));
        assertThat(e.getUserId()).isEqualTo("user3");
        assertThat(e.getEvent()).isEqualTo(CallEventType.INVITE_USER);
    }

    @Test
    void shouldTakeTheFirstUserWithUnknownRoleWhenNoUserOfAStartCallIsCalling() {
        CallEvent e = map(null, Callbacks.V4_START_CALL.replace("\"Calling\"", "\"Waiting\""));

        assertThat(e.getUserId()).isEqualTo("alice");
        assertThat(e.getRole()).isEqualTo(CallRole.UNKNOWN);
        assertThat(e.getEvent()).isEqualTo(CallEventType.START_CALL);
    }

    @Test
    void shouldLeaveResultAndEventUnknownWhenAnEndCallHasNoCallResult() {
        JsonObject body = new JsonObject(Callbacks.V4_END_CALL);
        body.getJsonObject("CallRecord").remove("CallResult");

        CallEvent e = map(null, body.encode());

        assertThat(e.getCallResult()).isNull();
        assertThat(e.getResult()).isNull();
        assertThat(e.getEvent()).isEqualTo(CallEventType.UNKNOWN);
    }

    @Test
    void shouldKeepTheBodyCommandInExtraWhenItDiffersFromTheQueryCommand() {
        CallEvent e = map("Call.CallbackAfterEndCall", Callbacks.V4_END_CALL.replace("\"Call.CallbackAfterEndCall\"",
                "\"Call.CallbackAfterCallEnded\""));

        assertThat(e.getCommand()).isEqualTo("Call.CallbackAfterEndCall");
        assertThat(e.getExtra()).containsEntry("CallbackCommand", "\"Call.CallbackAfterCallEnded\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NormalEnd,NORMAL_END,CALL_END", "Cancel,CANCEL,CANCEL_CALL", "Reject,REJECT,CALL_REJECTED",
            "NotAnswer,NOT_ANSWER,CALL_MISSED", "CallBusy,CALL_BUSY,CALL_BUSY", "Interrupt,INTERRUPT,CALL_INTERRUPTED",
            "Offline,OFFLINE,CALL_INTERRUPTED", "Exploded,UNKNOWN,UNKNOWN"})
    void shouldNormaliseEveryEndCallResultAndKeepTheRawValue(String raw, CallResult result, CallEventType event) {
        CallEvent e = map(null, Callbacks.V4_END_CALL.replace("\"NotAnswer\"", "\"" + raw + "\""));

        assertThat(e.getCallResult()).isEqualTo(raw);
        assertThat(e.getResult()).isEqualTo(result);
        assertThat(e.getEvent()).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0} by the {1}")
    @CsvSource({"normal_end,caller,NORMAL_END,CALL_END", "normal_end,callee,NORMAL_END,CALL_END",
            "cancel,caller,CANCEL,CANCEL_CALL", "cancel,callee,CANCEL,CALL_CANCELED",
            "reject,caller,REJECT,CALL_REJECTED", "reject,callee,REJECT,REJECT_CALL",
            "not_answer,caller,NOT_ANSWER,CALL_MISSED", "not_answer,callee,NOT_ANSWER,NOT_ANSWER_CALL",
            "Not_answer,callee,NOT_ANSWER,NOT_ANSWER_CALL", "call_busy,caller,CALL_BUSY,CALL_BUSY",
            "interrupt,callee,INTERRUPT,CALL_INTERRUPTED", "offline,caller,OFFLINE,CALL_INTERRUPTED",
            "vanished,caller,UNKNOWN,UNKNOWN"})
    void shouldTakeTheEventOfTheReportingSideWhenAStatusCallbackCarriesAResult(String raw, String role, CallResult result,
                                                                              CallEventType event) {
        CallEvent e = map(null, Callbacks.V1_STATUS.replace("\"normal_end\"", "\"" + raw + "\"")
                .replace("\"caller\"", "\"" + role + "\""));

        assertThat(e.getFamily()).isEqualTo(CallbackFamily.V1_STATUS);
        assertThat(e.getCallResult()).isEqualTo(raw);
        assertThat(e.getResult()).isEqualTo(result);
        assertThat(e.getEvent()).isEqualTo(event);
    }

    @Test
    void shouldTakeTheResultFromTheCommandWordWhenAStatusCallbackHasNoCallResult() {
        JsonObject body = new JsonObject(Callbacks.V1_STATUS).put("Role", "callee");
        body.remove("CallResult");

        CallEvent e = map("reject", body.encode());

        assertThat(e.getFamily()).isEqualTo(CallbackFamily.V1_STATUS);
        assertThat(e.getCallResult()).isNull();
        assertThat(e.getResult()).isEqualTo(CallResult.REJECT);
        assertThat(e.getEvent()).isEqualTo(CallEventType.REJECT_CALL);
    }

    @Test
    void shouldAcceptTheStatusCallbackInTheSpellingsOfTheDocsFieldTable() {
        String body = Callbacks.V1_STATUS.replace("\"normal_end\"", "\"Not_answer\"").replace("\"single\"", "\"Single\"")
                .replace("\"caller\"", "\"Caller\"").replace("\"audio\"", "\"Audio\"")
                .replace("\"EventTime\":1704856885", "\"EventTime\":170485688");

        CallEvent e = map("call_end", body);

        assertThat(e.getFamily()).isEqualTo(CallbackFamily.V1_STATUS);
        assertThat(e.getResult()).isEqualTo(CallResult.NOT_ANSWER);
        assertThat(e.getCallType()).isEqualTo(CallType.SINGLE);
        assertThat(e.getRole()).isEqualTo(CallRole.CALLER);
        assertThat(e.getMediaType()).isEqualTo(MediaType.AUDIO);
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochSecond(170485688L));
        assertThat(e.getExtra()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ringing", ""})
    void shouldKeepTheRawStatusWhenAUserListStatusIsUnknown(String raw) {
        CallEvent e = map(null, Callbacks.V4_START_CALL.replace("\"Waiting\"", "\"" + raw + "\""));

        assertThat(e.getUsers().get(1)).isEqualTo(new CallUser("bob", CallUserStatus.UNKNOWN, raw));
    }

    @Test
    void shouldReadTheStartCallWhenItsFieldsAreFlatAsInTheDocsFieldTable() {
        String flat = """
                {"CallbackCommand":"Call.CallbackAfterStartCall","CallId":"c-flat","MediaType":"Video","ChatGroupId":"@TGS#1",
                 "RoomId":"12345","RoomIdType":1,"UserList":[{"User_Account":"bob","Status":"Waiting"},
                 {"User_Account":"alice","Status":"Calling"}],"EventTime":1740464128807}""";

        CallEvent e = map(null, flat);

        assertThat(e.getCallId()).isEqualTo("c-flat");
        assertThat(e.getMediaType()).isEqualTo(MediaType.VIDEO);
        assertThat(e.getChatGroupId()).isEqualTo("@TGS#1");
        assertThat(e.getRoomId()).isEqualTo("12345");
        assertThat(e.getUserId()).isEqualTo("alice");
        assertThat(e.getExtra()).isEmpty();
    }

    @Test
    void shouldReadFieldsWhenTheBodyUsesAnotherLetterCaseForTheirNames() {
        String lower = """
                {"callbackCommand":"Call.CallbackAfterEndCall","callRecord":{"callId":"c-lower","caller_account":"alice",
                 "mediaType":"Video","callType":"MultiCall","startTime":1741231146,"endTime":1741231296,"acceptTime":1741231150,
                 "callResult":"NormalEnd","calleeList_Account":["bob"],"roomId":"r","roomIdType":"2"},"eventTime":1703589922780}""";

        CallEvent e = map(null, lower);

        assertThat(e.getFamily()).isEqualTo(CallbackFamily.V4_END_CALL);
        assertThat(e.getCallId()).isEqualTo("c-lower");
        assertThat(e.getCallerId()).isEqualTo("alice");
        assertThat(e.getCallType()).isEqualTo(CallType.GROUP);
        assertThat(e.getAcceptTime()).isEqualTo(Instant.ofEpochSecond(1741231150L));
        assertThat(e.getResult()).isEqualTo(CallResult.NORMAL_END);
        assertThat(e.getRoomIdType()).isEqualTo(2);
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochMilli(1703589922780L));
        assertThat(e.getExtra()).isEmpty();
    }

    @Test
    void shouldKeepUnknownFieldsWithTheirPathWhenAV4BodyHasFieldsTheSchemaDoesNotKnow() {
        JsonObject body = new JsonObject(Callbacks.V4_START_CALL).put("Trace", "t-1");
        body.getJsonObject("CallInfo").put("Region", "sgp");
        body.getJsonArray("UserList").getJsonObject(1).put("Nick", "Bobby");

        CallEvent e = map(null, body.encode());

        assertThat(e.getExtra()).containsOnly(java.util.Map.entry("Trace", "\"t-1\""),
                java.util.Map.entry("CallInfo.Region", "\"sgp\""), java.util.Map.entry("UserList[1].Nick", "\"Bobby\""));
    }

    @ParameterizedTest
    @CsvSource({"V4_START_CALL", "V4_END_CALL", "V4_MEMBER_CHANGED", "V1_STATUS"})
    void shouldRefuseAnEventTimeFarInTheFutureWhateverTheFamily(CallbackFamily family) {
        JsonObject body = new JsonObject(example(family)).put("EventTime", family == CallbackFamily.V1_STATUS
                ? 4102444800L : 4102444800000L);

        WebhookRejectedException e = rejection(null, body.encode());

        assertThat(e.error()).isEqualTo(ErrorCode.INVALID_VALUE);
        assertThat(e.getMessage()).startsWith("EventTime: 2100-01-01T00:00:00Z is more than 15 min ahead");
        assertThat(e.callId()).isNotBlank();
        assertThat(e.family()).isEqualTo(family);
    }

    @ParameterizedTest
    @CsvSource({"V4_START_CALL", "V4_END_CALL", "V4_MEMBER_CHANGED", "V1_STATUS"})
    void shouldGiveTheSameEventIdWhenTheSameWebhookIsRedeliveredInAnyFamily(CallbackFamily family) {
        String sent = example(family);
        String resent = reordered(new JsonObject(sent)).encodePrettily();
        WebhookMapper later = new WebhookMapper(Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC));

        String first = mapper.map(new Webhook(Callbacks.SDK_APP_ID, null, "1.1.1.1", "iOS", bytes(sent))).getEventId();
        String again = later.map(new Webhook(Callbacks.SDK_APP_ID, null, "2.2.2.2", "Web", bytes(resent))).getEventId();
        String otherTime = map(null, new JsonObject(sent).put("EventTime", 1700000000123L).encode()).getEventId();

        assertThat(again).isEqualTo(first);
        assertThat(otherTime).isNotEqualTo(first);
    }

    @Test
    void shouldGiveDifferentEventIdsWhenTwoMemberChangesOfOneCallDiffer() {
        String answered = map(null, Callbacks.V4_MEMBER_CHANGED).getEventId();
        String hungUp = map(null, Callbacks.V4_MEMBER_CHANGED.replace("\"Answer\"", "\"Hangup\"")).getEventId();

        assertThat(hungUp).isNotEqualTo(answered);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "V4_END_CALL|CallRecord||MISSING_FIELD|CallRecord: missing required field",
            "V4_START_CALL|CallInfo|{\"CallMediaType\":\"Audio\"}|MISSING_FIELD|CallInfo.CallId: missing required field",
            "V4_START_CALL|UserList|[]|INVALID_VALUE|UserList: must list at least one user",
            "V4_START_CALL|UserList|[{\"User_Account\":\"a\"},{\"User_Account\":true}]|WRONG_TYPE|UserList[1].User_Account: must be a string or an integer, got a boolean",
            "V4_START_CALL|UserList|[\"alice\"]|WRONG_TYPE|UserList[0]: must be an object, got a string",
            "V4_MEMBER_CHANGED|ChangedUserList||MISSING_FIELD|ChangedUserList: missing required field",
            "V4_MEMBER_CHANGED|ChangedUserList|{}|WRONG_TYPE|ChangedUserList: must be an array, got an object",
            "V4_MEMBER_CHANGED|ChangedUserList|[{\"ActionType\":\"Join\"}]|MISSING_FIELD|ChangedUserList[0].User_Account: missing required field",
            "V4_END_CALL|CallRecord|{\"CallId\":\"c\"}|MISSING_FIELD|CallRecord.Caller_Account: missing required field",
            "V4_END_CALL|CallRecord|\"x\"|WRONG_TYPE|CallRecord: must be an object, got a string"})
    void shouldRejectNamingTheNestedFieldWhenAV4BodyLacksOrMistypesIt(CallbackFamily family, String field, String json,
                                                                     ErrorCode code, String message) {
        JsonObject body = new JsonObject(example(family));
        body.remove(field);
        String text = json == null ? body.encode() : body.put(field, "__X__").encode().replace("\"__X__\"", json);

        WebhookRejectedException e = rejection(null, text);

        assertThat(e.error()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.family()).isEqualTo(family);
    }

    @Test
    void shouldRejectAsMalformedJsonWhenTheDocsSampleIsTakenLiterallyWithoutTheCommaBeforeEventTime() {
        String literal = Callbacks.V4_END_CALL.replace("},\n \"EventTime\"", "}\n \"EventTime\"");

        WebhookRejectedException e = rejection("Call.CallbackAfterEndCall", literal);

        assertThat(literal).isNotEqualTo(Callbacks.V4_END_CALL);
        assertThat(e.error()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(e.family()).isEqualTo(CallbackFamily.V4_END_CALL);
    }

    private CallEvent map(String command, String body) {
        return mapper.map(new Webhook(Callbacks.SDK_APP_ID, command, "10.0.0.7", "Web", bytes(body)));
    }

    private WebhookRejectedException rejection(String command, String body) {
        Throwable t = catchThrowable(() -> map(command, body));
        assertThat(t).isInstanceOf(WebhookRejectedException.class);
        return (WebhookRejectedException) t;
    }

    private static String example(CallbackFamily family) {
        return switch (family) {
            case V4_START_CALL -> Callbacks.V4_START_CALL;
            case V4_END_CALL -> Callbacks.V4_END_CALL;
            case V4_MEMBER_CHANGED -> Callbacks.V4_MEMBER_CHANGED;
            case V1_STATUS -> Callbacks.V1_STATUS;
            default -> throw new IllegalArgumentException(family.name());
        };
    }

    /** The same JSON with every object's keys in reverse order. */
    private static JsonObject reordered(JsonObject o) {
        JsonObject out = new JsonObject();
        List<String> names = new java.util.ArrayList<>(o.fieldNames());
        java.util.Collections.reverse(names);
        for (String n : names) {
            Object v = o.getValue(n);
            out.put(n, v instanceof JsonObject j ? reordered(j) : v instanceof JsonArray a ? reordered(a) : v);
        }
        return out;
    }

    private static JsonArray reordered(JsonArray a) {
        JsonArray out = new JsonArray();
        for (Object v : a) {
            out.add(v instanceof JsonObject j ? reordered(j) : v);
        }
        return out;
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}

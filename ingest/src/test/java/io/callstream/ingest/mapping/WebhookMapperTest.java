package io.callstream.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.ingest.fixtures.Callbacks;
import io.callstream.ingest.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookMapperTest {

    private static final Instant NOW = Instant.parse("2026-01-08T06:32:46.123Z");
    private final WebhookMapper mapper = new WebhookMapper(Clock.fixed(NOW, ZoneOffset.UTC));

    /** Every event name of callkit-callbacks.md, in the three casings the docs show. */
    static Stream<Arguments> documentedEvents() {
        return Stream.of(
                        new Object[] {"start_call", "caller", CallEventType.START_CALL},
                        new Object[] {"call_accepted", "caller", CallEventType.CALL_ACCEPTED},
                        new Object[] {"call_missed", "caller", CallEventType.CALL_MISSED},
                        new Object[] {"call_rejected", "caller", CallEventType.CALL_REJECTED},
                        new Object[] {"call_busy", "caller", CallEventType.CALL_BUSY},
                        new Object[] {"cancel_call", "caller", CallEventType.CANCEL_CALL},
                        new Object[] {"call_failed", "caller", CallEventType.CALL_FAILED},
                        new Object[] {"call_end", "caller", CallEventType.CALL_END},
                        new Object[] {"call_interrupted", "caller", CallEventType.CALL_INTERRUPTED},
                        new Object[] {"receive_call", "callee", CallEventType.RECEIVE_CALL},
                        new Object[] {"accept_call", "callee", CallEventType.ACCEPT_CALL},
                        new Object[] {"not_answer_call", "callee", CallEventType.NOT_ANSWER_CALL},
                        new Object[] {"reject_call", "callee", CallEventType.REJECT_CALL},
                        new Object[] {"ignore_call", "callee", CallEventType.IGNORE_CALL},
                        new Object[] {"call_canceled", "callee", CallEventType.CALL_CANCELED},
                        new Object[] {"call_end", "callee", CallEventType.CALL_END},
                        new Object[] {"call_interrupted", "callee", CallEventType.CALL_INTERRUPTED},
                        new Object[] {"invite_user", "caller", CallEventType.INVITE_USER},
                        new Object[] {"join_in_group_call", "callee", CallEventType.JOIN_IN_GROUP_CALL})
                .flatMap(a -> Stream.of((String) a[0], upper((String) a[0]), pascal((String) a[0]), camel((String) a[0]))
                        .map(name -> Arguments.of(name, a[1], a[2])));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("documentedEvents")
    void shouldMapEveryDocumentedEventWhenSentInAnyCasing(String name, String role, CallEventType expected) {
        CallEvent e = map(Callbacks.body("c1", "u1", role, name));

        assertThat(e.getEvent()).isEqualTo(expected);
        assertThat(e.getRole()).isEqualTo(role.equals("caller") ? CallRole.CALLER : CallRole.CALLEE);
        assertThat(e.getExtra()).doesNotContainKey("Event");
    }

    @Test
    void shouldMapTheDocumentedExampleWhenAllFieldsArePresent() {
        CallEvent e = mapper.map(new Webhook(8888888L, "caller_start_call", "127.0.0.1", "iOS",
                bytes(Callbacks.body("aheahfo-eqwnknoihfsd-qweqf", "Alice", "caller", "start_call")
                        .put("RoomId", "Alice's Room"))));

        assertThat(e.getSdkAppId()).isEqualTo(8888888L);
        assertThat(e.getCallId()).isEqualTo("aheahfo-eqwnknoihfsd-qweqf");
        assertThat(e.getRoomId()).isEqualTo("Alice's Room");
        assertThat(e.getUserId()).isEqualTo("Alice");
        assertThat(e.getRole()).isEqualTo(CallRole.CALLER);
        assertThat(e.getEvent()).isEqualTo(CallEventType.START_CALL);
        assertThat(e.getCommand()).isEqualTo("caller_start_call");
        assertThat(e.getCallType()).isEqualTo(CallType.SINGLE);
        assertThat(e.getMediaType()).isEqualTo(MediaType.AUDIO);
        assertThat(e.getTotalNum()).isEqualTo(2);
        assertThat(e.getCallResult()).isNull();
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochSecond(1704695566L));
        assertThat(e.getStartCallTime()).isEqualTo(Instant.ofEpochSecond(1704856873L));
        assertThat(e.getAcceptTime()).isEqualTo(Instant.ofEpochSecond(1704856876L));
        assertThat(e.getEndTime()).isEqualTo(Instant.ofEpochSecond(1704856885L));
        assertThat(e.getPlatform()).isEqualTo("iOS");
        assertThat(e.getClientIp()).isEqualTo("127.0.0.1");
        assertThat(e.getReceivedAt()).isEqualTo(NOW);
        assertThat(e.getExtra()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"single,audio,SINGLE,AUDIO", "group,video,GROUP,VIDEO", "GROUP,Audio,GROUP,AUDIO", "Single,VIDEO,SINGLE,VIDEO"})
    void shouldMapCallAndMediaTypeWhenSingleOrGroupAudioOrVideo(String callType, String mediaType, CallType ct,
                                                                 MediaType mt) {
        CallEvent e = map(Callbacks.startCall("c1").put("CallType", callType).put("MediaType", mediaType)
                .put("CallResult", "normal_end"));

        assertThat(e.getCallType()).isEqualTo(ct);
        assertThat(e.getMediaType()).isEqualTo(mt);
        assertThat(e.getCallResult()).isEqualTo("normal_end");
    }

    @Test
    void shouldKeepUnknownEventAsUnknownWhenNameIsNotInTheSpec() {
        CallEvent e = map(Callbacks.body("c1", "u1", "caller", "teleport_call"));

        assertThat(e.getEvent()).isEqualTo(CallEventType.UNKNOWN);
        assertThat(e.getExtra()).containsEntry("Event", "\"teleport_call\"");
    }

    @Test
    void shouldKeepUnknownEnumValuesInExtraWhenRoleCallTypeOrMediaTypeAreNew() {
        CallEvent e = map(Callbacks.startCall("c1").put("Role", "observer").put("CallType", "conference")
                .put("MediaType", "screen"));

        assertThat(e.getRole()).isEqualTo(CallRole.UNKNOWN);
        assertThat(e.getCallType()).isEqualTo(CallType.UNKNOWN);
        assertThat(e.getMediaType()).isEqualTo(MediaType.UNKNOWN);
        assertThat(e.getExtra()).containsEntry("Role", "\"observer\"").containsEntry("CallType", "\"conference\"")
                .containsEntry("MediaType", "\"screen\"");
    }

    @Test
    void shouldPutUnknownFieldsIntoExtraAsJsonTextWhenBodyHasFieldsTheSchemaDoesNotKnow() {
        CallEvent e = map(Callbacks.startCall("c1").put("Reason", "net").put("Count", 3).put("Flag", true)
                .put("Nested", new JsonObject().put("a", 1)).putNull("Nothing"));

        assertThat(e.getExtra()).containsEntry("Reason", "\"net\"").containsEntry("Count", "3")
                .containsEntry("Flag", "true").containsEntry("Nested", "{\"a\":1}").containsEntry("Nothing", "null");
    }

    @Test
    void shouldTakeCommandFromWebhookWhenNewerCommandWordIsUsed() {
        CallEvent e = mapper.map(new Webhook(1L, "Call.CallbackAfterEndCall", null, null,
                bytes(Callbacks.body("c1", "u1", "caller", "call_end"))));

        assertThat(e.getCommand()).isEqualTo("Call.CallbackAfterEndCall");
        assertThat(e.getEvent()).isEqualTo(CallEventType.CALL_END);
    }

    @ParameterizedTest
    @CsvSource({"Call.CallbackAfterStartCall,START_CALL,UNKNOWN", "Call.CallbackAfterEndCall,CALL_END,UNKNOWN",
            "caller_start_call,START_CALL,CALLER", "callee_reject_call,REJECT_CALL,CALLEE", "normal_end,CALL_END,UNKNOWN",
            "call_busy,CALL_BUSY,UNKNOWN", "invite_user,INVITE_USER,UNKNOWN"})
    void shouldInferEventFromCommandWordWhenBodyHasNoEvent(String command, CallEventType event, CallRole role) {
        JsonObject body = Callbacks.startCall("c1");
        body.remove("Event");
        body.remove("Role");

        CallEvent e = mapper.map(new Webhook(1L, command, null, null, bytes(body)));

        assertThat(e.getEvent()).isEqualTo(event);
        assertThat(e.getRole()).isEqualTo(role);
    }

    @Test
    void shouldConvertSecondsToMillisWhenTimesAreUnixSeconds() {
        CallEvent e = map(Callbacks.startCall("c1").put("EventTime", 1704695566L));

        assertThat(e.getEventTime().toEpochMilli()).isEqualTo(1704695566000L);
    }

    @Test
    void shouldKeepMillisWhenTimeIsAlreadyInMillis() {
        CallEvent e = map(Callbacks.startCall("c1").put("EventTime", 1704695566123L));

        assertThat(e.getEventTime().toEpochMilli()).isEqualTo(1704695566123L);
    }

    @Test
    void shouldTreatZeroTimestampsAsUnsetWhenCallNeverConnected() {
        CallEvent e = map(Callbacks.startCall("c1").put("AcceptTs", 0).put("EndTs", 0));

        assertThat(e.getAcceptTime()).isNull();
        assertThat(e.getEndTime()).isNull();
    }

    @Test
    void shouldUseReceivedAtAndMarkItWhenEventTimeIsMissing() {
        JsonObject body = Callbacks.startCall("c1");
        body.remove("EventTime");

        CallEvent e = map(body);

        assertThat(e.getEventTime()).isEqualTo(NOW);
        assertThat(e.getExtra()).containsEntry(WebhookMapper.EVENT_TIME_FALLBACK, "receivedAt");
    }

    @Test
    void shouldAcceptIntegerRoomIdWhenRoomIsNumeric() {
        assertThat(map(Callbacks.startCall("c1").put("RoomId", 12345)).getRoomId()).isEqualTo("12345");
    }

    @Test
    void shouldGiveSameEventIdWhenSameWebhookIsRedelivered() {
        String compact = "{\"CallId\":\"c1\",\"UserId\":\"u1\",\"Event\":\"start_call\",\"EventTime\":1704695566,\"Role\":\"caller\"}";
        String reordered = "{ \"Role\" : \"caller\",\n \"EventTime\": 1704695566, \"Event\":\"start_call\",\"UserId\":\"u1\",\"CallId\":\"c1\" }";

        CallEvent first = mapper.map(new Webhook(1L, "caller_start_call", "1.2.3.4", "iOS", compact.getBytes(StandardCharsets.UTF_8)));
        CallEvent again = new WebhookMapper(Clock.fixed(NOW.plusSeconds(30), ZoneOffset.UTC))
                .map(new Webhook(1L, "caller_start_call", "5.6.7.8", "Android", reordered.getBytes(StandardCharsets.UTF_8)));

        assertThat(again.getEventId()).isEqualTo(first.getEventId()).hasSize(64);
    }

    @Test
    void shouldGiveDifferentEventIdsWhenAnyIdentifyingPartDiffers() {
        JsonObject base = Callbacks.startCall("c1");
        String id = map(base).getEventId();

        assertThat(map(base.copy().put("CallId", "c2")).getEventId()).isNotEqualTo(id);
        assertThat(map(base.copy().put("UserId", "bob")).getEventId()).isNotEqualTo(id);
        assertThat(map(base.copy().put("Event", "call_end")).getEventId()).isNotEqualTo(id);
        assertThat(map(base.copy().put("EventTime", Callbacks.EVENT_TIME + 1)).getEventId()).isNotEqualTo(id);
        assertThat(map(base.copy().put("CallResult", "cancel")).getEventId()).isNotEqualTo(id);
        assertThat(mapper.map(new Webhook(2L, null, null, null, bytes(base))).getEventId()).isNotEqualTo(id);
    }

    @Test
    void shouldRejectEmptyBodyWhenNothingWasSent() {
        assertRejected(new byte[0], ErrorCode.EMPTY_BODY).hasMessageContaining("body");
        assertRejected(" \n".getBytes(StandardCharsets.UTF_8), ErrorCode.EMPTY_BODY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"CallId\":", "not json", "{\"CallId\":\"c1\",}", "{\"a\":1}{"})
    void shouldRejectMalformedJsonWhenBodyDoesNotParse(String body) {
        assertRejected(body.getBytes(StandardCharsets.UTF_8), ErrorCode.MALFORMED_JSON).hasMessageContaining("body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null"})
    void shouldRejectBodyWhenItIsNotAJsonObject(String body) {
        assertRejected(body.getBytes(StandardCharsets.UTF_8), ErrorCode.MALFORMED_JSON).hasMessageContaining("JSON object");
    }

    @Test
    void shouldRejectBodyWhenItIsNotValidUtf8() {
        byte[] body = {'{', '"', 'C', 'a', 'l', 'l', 'I', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertRejected(body, ErrorCode.MALFORMED_JSON);
    }

    /**
     * Found by the reliability suite's fuzz: Jackson decodes some invalid UTF-8 without complaint
     * (overlong forms, encoded surrogates, code points past U+10FFFF), so such bodies were accepted.
     */
    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "E08080", "EDA080", "EDBFBF", "F4908080", "C328", "FF", "80", "E282"})
    void shouldRejectBodyWhenAStringHoldsInvalidUtf8(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] head = "{\"CallId\":\"c1\",\"UserId\":\"u".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\",\"Event\":\"start_call\",\"EventTime\":1740464128}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bad, 0, body, head.length, bad.length);
        System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);

        assertRejected(body, ErrorCode.MALFORMED_JSON).hasMessageContaining("UTF-8");
    }

    @Test
    void shouldRejectBodyWhenAFieldIsDuplicated() {
        assertRejected("{\"CallId\":\"c1\",\"CallId\":\"c2\"}".getBytes(StandardCharsets.UTF_8), ErrorCode.MALFORMED_JSON)
                .hasMessageContaining("CallId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CallId", "UserId", "Event"})
    void shouldRejectNamingTheFieldWhenRequiredFieldIsMissing(String field) {
        JsonObject body = Callbacks.startCall("c1");
        body.remove(field);

        assertRejected(bytes(body), ErrorCode.MISSING_FIELD).hasMessage(field + ": missing required field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CallId", "UserId", "Event"})
    void shouldRejectNamingTheFieldWhenRequiredFieldIsNullOrEmpty(String field) {
        assertRejected(bytes(Callbacks.startCall("c1").putNull(field)), ErrorCode.MISSING_FIELD).hasMessageStartingWith(field);
        assertRejected(bytes(Callbacks.startCall("c1").put(field, " ")), ErrorCode.INVALID_VALUE).hasMessageStartingWith(field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CallId|42|a string", "UserId|true|a string", "Event|[\"start_call\"]|a string", "Role|1|a string",
            "CallType|{}|a string", "MediaType|2|a string", "CallResult|0|a string",
            "EventTime|\"1704695566\"|an integer", "EventTime|1704695566.5|an integer", "StartCallTs|\"x\"|an integer",
            "AcceptTs|false|an integer", "EndTs|[]|an integer", "TotalNum|\"2\"|an integer", "TotalNum|2.5|an integer",
            "RoomId|{}|a string or an integer", "EventTime|123456789012345678901234567890|an integer"})
    void shouldRejectNamingFieldAndTypeWhenFieldHasWrongType(String field, String json, String expected) {
        JsonObject body = Callbacks.startCall("c1");
        String text = body.put(field, "__X__").encode().replace("\"__X__\"", json);

        assertRejected(text.getBytes(StandardCharsets.UTF_8), ErrorCode.WRONG_TYPE)
                .hasMessageStartingWith(field + ": must be " + expected);
    }

    @Test
    void shouldRejectNegativeTimeWhenEventTimeIsBeforeTheEpoch() {
        assertRejected(bytes(Callbacks.startCall("c1").put("EventTime", -5)), ErrorCode.INVALID_VALUE)
                .hasMessageStartingWith("EventTime");
    }

    @Test
    void shouldRejectEventTimeWhenItIsFurtherAheadThanTheAllowedSkew() {
        // 2100-01-01: a broker refuses such a record timestamp (log.message.timestamp.after.max.ms).
        WebhookRejectedException e = catchRejection(bytes(Callbacks.startCall("c-future").put("EventTime", 4102444800L)));

        assertThat(e.error()).isEqualTo(ErrorCode.INVALID_VALUE);
        assertThat(e.getMessage()).startsWith("EventTime: 2100-01-01T00:00:00Z is more than 15 min ahead")
                .contains("ingest.max.future.skew");
        assertThat(e.callId()).isEqualTo("c-future");
    }

    @Test
    void shouldAcceptEventTimeWhenItIsAheadWithinTheAllowedSkew() {
        long inSkew = NOW.plus(Duration.ofMinutes(14)).getEpochSecond();
        WebhookMapper strict = new WebhookMapper(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));

        assertThat(map(Callbacks.startCall("c1").put("EventTime", inSkew)).getEventTime().getEpochSecond()).isEqualTo(inSkew);
        assertThatThrownBy(() -> strict.map(new Webhook(Callbacks.SDK_APP_ID, "caller_start_call", null, null,
                bytes(Callbacks.startCall("c1").put("EventTime", inSkew))))).isInstanceOf(WebhookRejectedException.class);
    }

    @Test
    void shouldCarryCallIdOnRejectionWhenBodyParsedButWasInvalid() {
        WebhookRejectedException e = catchRejection(bytes(Callbacks.startCall("c-77").put("EventTime", "soon")));
        assertThat(e.callId()).isEqualTo("c-77");
        assertThat(catchRejection("{".getBytes(StandardCharsets.UTF_8)).callId()).isNull();
    }

    private CallEvent map(JsonObject body) {
        return mapper.map(new Webhook(Callbacks.SDK_APP_ID, null, null, null, bytes(body)));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] body, ErrorCode code) {
        WebhookRejectedException e = catchRejection(body);
        assertThat(e.error()).isEqualTo(code);
        return assertThat((Throwable) e);
    }

    private WebhookRejectedException catchRejection(byte[] body) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> mapper.map(new Webhook(Callbacks.SDK_APP_ID, null, null, null, body)));
        assertThat(t).isInstanceOf(WebhookRejectedException.class);
        return (WebhookRejectedException) t;
    }

    private static byte[] bytes(JsonObject body) {
        return body.encode().getBytes(StandardCharsets.UTF_8);
    }

    private static String upper(String s) {
        return s.toUpperCase(java.util.Locale.ROOT);
    }

    private static String pascal(String s) {
        StringBuilder sb = new StringBuilder();
        for (String part : s.split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    private static String camel(String s) {
        String p = pascal(s);
        return Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }
}

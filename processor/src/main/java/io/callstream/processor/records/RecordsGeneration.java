package io.callstream.processor.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.common.auth.AuthFailure;
import io.callstream.schemas.CallResults;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What differs between the two call-record API generations (callkit-v4-and-records.md sections 5 and 7):
 * the envelope (v1 {@code {errorCode, errorMessage, requestId, data}}, v4 {@code {ActionStatus, ErrorInfo,
 * ErrorCode, RequestId, Response}}), the codes, the spellings and the record's fields. The same envelopes
 * and codes as the callbacks service's configuration API.
 */
enum RecordsGeneration {

    V1 {
        @Override
        ObjectNode ok(String requestId, JsonNode data) {
            ObjectNode o = JSON.createObjectNode().put("errorCode", 0).put("errorMessage", "Success").put("requestId", requestId);
            return data == null ? o : o.set("data", data);
        }

        @Override
        ObjectNode error(int code, String message, String requestId) {
            return JSON.createObjectNode().put("errorCode", code).put("errorMessage", message).put("requestId", requestId);
        }

        @Override
        String newRequestId() {
            return UUID.randomUUID().toString().replace("-", "");
        }

        @Override
        int authCode(int v4Code) {
            return AuthFailure.v1Code(v4Code);
        }

        @Override
        int invalidParameter() {
            return AuthFailure.V1_INVALID_PARAMETER;
        }

        @Override
        int unparsableBody() {
            return 70009;
        }

        @Override
        int notFound() {
            return 999;
        }

        @Override
        ObjectNode record(CallRecord r) {
            ObjectNode o = JSON.createObjectNode();
            o.put("callId", r.callId()).put("sdkAppId", r.sdkAppId())
                    .put("mediaType", r.mediaType() == MediaType.VIDEO ? "video" : r.mediaType() == MediaType.AUDIO ? "audio" : "")
                    .put("roomId", r.roomId()).put("startCallTs", r.startMs() / 1000).put("acceptTs", r.acceptMs() / 1000)
                    .put("endTs", r.endMs() / 1000).put("caller", r.callerId()).put("totalUserNumber", r.members().size())
                    .put("callType", r.callType() == CallType.GROUP ? "group" : "single")
                    .put("callResult", result(r.result()));
            r.callees().forEach(o.putArray("callees")::add);
            return o;
        }

        @Override
        String result(CallResult r) {
            return Objects.requireNonNullElse(CallResults.v1(r), "");
        }

        @Override
        String callType(CallType t) {
            return t == CallType.GROUP ? "group" : "single";
        }
    },

    V4 {
        @Override
        ObjectNode ok(String requestId, JsonNode data) {
            ObjectNode o = JSON.createObjectNode().put("ActionStatus", "OK").put("ErrorInfo", "").put("ErrorCode", 0)
                    .put("RequestId", requestId);
            return data == null ? o : o.set("Response", data);
        }

        @Override
        ObjectNode error(int code, String message, String requestId) {
            return JSON.createObjectNode().put("ActionStatus", "FAIL").put("ErrorInfo", message).put("ErrorCode", code)
                    .put("RequestId", requestId);
        }

        @Override
        String newRequestId() {
            return "Id-" + UUID.randomUUID().toString().replace("-", "") + "-O-Seq-" + SEQ.incrementAndGet();
        }

        @Override
        int authCode(int v4Code) {
            return v4Code;
        }

        @Override
        int invalidParameter() {
            return 100002;
        }

        @Override
        int unparsableBody() {
            return 100002;
        }

        @Override
        int notFound() {
            return 101050;
        }

        @Override
        ObjectNode record(CallRecord r) {
            ObjectNode o = JSON.createObjectNode();
            o.put("CallId", r.callId()).put("Caller_Account", r.callerId())
                    .put("MediaType", r.mediaType() == MediaType.VIDEO ? "Video" : r.mediaType() == MediaType.AUDIO ? "Audio" : "")
                    .put("CallType", callType(r.callType())).put("StartTime", r.startMs() / 1000)
                    .put("EndTime", r.endMs() / 1000).put("AcceptTime", r.acceptMs() / 1000)
                    .put("CallResult", result(r.result()));
            r.members().forEach(o.putArray("CalleeList_Account")::add);
            o.put("RoomId", r.roomId()).put("RoomIdType", roomIdType(r.roomId()));
            return o;
        }

        @Override
        String result(CallResult r) {
            return Objects.requireNonNullElse(CallResults.v4(r), "");
        }

        @Override
        String callType(CallType t) {
            return t == CallType.GROUP ? "MultiCall" : "SingleCall";
        }
    };

    /** Both generations: internal error, retry (v4 records: 101001; v1: "others: internal"). */
    static final int TRY_AGAIN_V4 = 101001;
    static final int TRY_AGAIN_V1 = 100001;
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQ = new AtomicLong();

    abstract ObjectNode ok(String requestId, JsonNode data);

    abstract ObjectNode error(int code, String message, String requestId);

    abstract String newRequestId();

    abstract int authCode(int v4Code);

    abstract int invalidParameter();

    abstract int unparsableBody();

    /** by-callId: the record does not exist (v4 101050; v1 999, "does not exist"). */
    abstract int notFound();

    int tryAgain() {
        return this == V4 ? TRY_AGAIN_V4 : TRY_AGAIN_V1;
    }

    abstract ObjectNode record(CallRecord r);

    abstract String result(CallResult r);

    abstract String callType(CallType t);

    /** The result a filter's word means in this generation; null for an unknown word. */
    CallResult parseResult(String word) {
        for (CallResult r : CallResult.values()) {
            if (r != CallResult.UNKNOWN && result(r).equals(word)) {
                return r;
            }
        }
        return null;
    }

    CallType parseCallType(String word) {
        for (CallType t : new CallType[] {CallType.SINGLE, CallType.GROUP}) {
            if (callType(t).equals(word)) {
                return t;
            }
        }
        return null;
    }

    /** {@code RoomIdType}: 1 for a numeric (32-bit unsigned) room id or none, 2 for a string room id. */
    static int roomIdType(String roomId) {
        if (roomId == null || roomId.isEmpty()) {
            return 1;
        }
        if (roomId.length() > 10 || !roomId.chars().allMatch(Character::isDigit)) {
            return 2;
        }
        return Long.parseLong(roomId) <= 4_294_967_295L ? 1 : 2;
    }
}

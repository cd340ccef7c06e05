package io.callstream.callbacks.admin;

import io.callstream.common.auth.AuthFailure;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What differs between the two API generations (callkit-v4-and-records.md sections 4 and 7): the answer
 * shape, legacy {@code {errorCode, errorMessage, requestId, data}} or v4 {@code {ActionStatus, ErrorInfo,
 * ErrorCode, RequestId, Response}}, and the codes. The shared authentication reports v4 (Chat REST)
 * codes; {@link #authCode} gives the v1 (CallKit domain) code with the same meaning.
 */
enum ApiGeneration {

    LEGACY {
        @Override
        String newRequestId() {
            return UUID.randomUUID().toString().replace("-", "");
        }

        @Override
        JsonObject ok(String requestId, Object data) {
            JsonObject o = new JsonObject().put("errorCode", 0).put("errorMessage", "Success").put("requestId", requestId);
            return data == null ? o : o.put("data", data);
        }

        @Override
        JsonObject error(int code, String message, String requestId) {
            return new JsonObject().put("errorCode", code).put("errorMessage", message).put("requestId", requestId);
        }

        @Override
        int authCode(int v4Code) {
            return AuthFailure.v1Code(v4Code);
        }

        @Override
        int invalidParameter() {
            return ApiException.V1_INVALID_PARAMETER;
        }

        @Override
        int unparsableBody() {
            return ApiException.V1_BODY_PARSE_ERROR;
        }
    },

    V4 {
        @Override
        String newRequestId() {
            return "Id-" + UUID.randomUUID().toString().replace("-", "") + "-O-Seq-" + SEQ.incrementAndGet();
        }

        @Override
        JsonObject ok(String requestId, Object data) {
            JsonObject o = new JsonObject().put("ActionStatus", "OK").put("ErrorInfo", "").put("ErrorCode", 0)
                    .put("RequestId", requestId);
            return data == null ? o : o.put("Response", data);
        }

        @Override
        JsonObject error(int code, String message, String requestId) {
            return new JsonObject().put("ActionStatus", "FAIL").put("ErrorInfo", message).put("ErrorCode", code)
                    .put("RequestId", requestId);
        }

        @Override
        int authCode(int v4Code) {
            return v4Code;
        }

        @Override
        int invalidParameter() {
            return ApiException.V4_INVALID_PARAMETER;
        }

        @Override
        int unparsableBody() {
            return ApiException.V4_INVALID_PARAMETER;
        }
    };

    private static final AtomicLong SEQ = new AtomicLong();

    abstract String newRequestId();

    abstract JsonObject ok(String requestId, Object data);

    abstract JsonObject error(int code, String message, String requestId);

    /** This generation's code for an authentication failure reported with its v4 code ({@link AuthFailure}). */
    abstract int authCode(int v4Code);

    /** Invalid or missing parameter: a field, an unknown verb, a body over the limit. */
    abstract int invalidParameter();

    /** The request body is not a JSON object. */
    abstract int unparsableBody();
}

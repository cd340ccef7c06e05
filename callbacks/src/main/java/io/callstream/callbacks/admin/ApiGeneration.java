package io.callstream.callbacks.admin;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** The answer shape of one API generation: legacy {@code {errorCode, errorMessage, requestId, data}} or newer {@code {ActionStatus, ErrorCode, ErrorInfo, RequestId, Response}}. */
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
    },

    V4 {
        @Override
        String newRequestId() {
            return "Id-" + UUID.randomUUID().toString().replace("-", "") + "-O-Seq-" + SEQ.incrementAndGet();
        }

        @Override
        JsonObject ok(String requestId, Object data) {
            JsonObject o = new JsonObject().put("ActionStatus", "OK").put("ErrorCode", 0).put("ErrorInfo", "")
                    .put("RequestId", requestId);
            return data == null ? o : o.put("Response", data);
        }

        @Override
        JsonObject error(int code, String message, String requestId) {
            return new JsonObject().put("ActionStatus", "FAIL").put("ErrorCode", code).put("ErrorInfo", message)
                    .put("RequestId", requestId);
        }
    };

    private static final AtomicLong SEQ = new AtomicLong();

    abstract String newRequestId();

    abstract JsonObject ok(String requestId, Object data);

    abstract JsonObject error(int code, String message, String requestId);
}

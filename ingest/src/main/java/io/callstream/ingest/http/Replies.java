package io.callstream.ingest.http;

import io.callstream.ingest.error.ErrorCode;
import io.callstream.avro.CallbackFamily;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The answers of ingest, in the shape each callback family's sender expects (callkit-v4-and-records.md
 * sections 2 and 3); errors carry the same {@link ErrorCode}s and HTTP statuses in every shape.
 */
public final class Replies {

    /** The answer shape of a callback family. */
    public enum Shape {
        /**
         * The v1 event callback and every other endpoint: {@code {"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}},
         * errors {@code {"ActionStatus":"FAIL","ErrorCode":…,"ErrorInfo":"…"}}.
         */
        V1_EVENT("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}"),
        /**
         * The v1 call status callback: {@code {"ErrorCode":0,"ErrorMessage":"Success"}}, errors
         * {@code {"ErrorCode":…,"ErrorMessage":"…"}} (its sender retries on any non-zero code).
         */
        V1_STATUS("{\"ErrorCode\":0,\"ErrorMessage\":\"Success\"}"),
        /**
         * The v4 callbacks: {@code {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}}, errors
         * {@code {"ActionStatus":"FAIL","ErrorInfo":"…","ErrorCode":…}}.
         */
        V4("{\"ActionStatus\":\"OK\",\"ErrorInfo\":\"\",\"ErrorCode\":0}");

        private final byte[] ok;

        Shape(String ok) {
            this.ok = ok.getBytes(StandardCharsets.UTF_8);
        }

        /** The shape a family's sender expects; the v1 event shape when the family is not known. */
        public static Shape of(CallbackFamily family) {
            if (family == null) {
                return V1_EVENT;
            }
            return switch (family) {
                case V1_STATUS -> V1_STATUS;
                case V4_START_CALL, V4_END_CALL, V4_MEMBER_CHANGED -> V4;
                case V1_EVENT, UNKNOWN -> V1_EVENT;
            };
        }
    }

    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private Replies() {
    }

    /** True when nothing has been answered on this response yet and it can still be written. */
    public static boolean open(HttpServerResponse response) {
        return !response.ended() && !response.closed();
    }

    public static void ok(HttpServerResponse response) {
        ok(response, Shape.V1_EVENT);
    }

    public static void ok(HttpServerResponse response, Shape shape) {
        if (open(response)) {
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE).end(Buffer.buffer(shape.ok));
        }
    }

    /** An error answer in the v1 event shape; 503s carry {@code Retry-After}. */
    public static void error(HttpServerResponse response, ErrorCode error, String info, int retryAfterSeconds) {
        error(response, error, info, retryAfterSeconds, Shape.V1_EVENT);
    }

    /** An error answer in the given shape; 503s carry {@code Retry-After}. */
    public static void error(HttpServerResponse response, ErrorCode error, String info, int retryAfterSeconds,
                             Shape shape) {
        if (!open(response)) {
            return;
        }
        response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE);
        if (error.status() == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        response.end(body(error, info, shape));
    }

    static String body(ErrorCode error, String info, Shape shape) {
        return switch (shape) {
            case V1_EVENT -> new JsonObject().put("ActionStatus", "FAIL").put("ErrorCode", error.code())
                    .put("ErrorInfo", info).encode();
            case V1_STATUS -> new JsonObject().put("ErrorCode", error.code()).put("ErrorMessage", info).encode();
            case V4 -> new JsonObject().put("ActionStatus", "FAIL").put("ErrorInfo", info).put("ErrorCode", error.code())
                    .encode();
        };
    }
}

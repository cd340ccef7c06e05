package io.callstream.ingest.http;

import io.callstream.ingest.error.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The one answer shape of ingest: {@code {"ActionStatus":"OK"|"FAIL","ErrorCode":…,"ErrorInfo":…}}. */
public final class Replies {

    private static final byte[] OK = "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}".getBytes();
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private Replies() {
    }

    /** True when nothing has been answered on this response yet and it can still be written. */
    public static boolean open(HttpServerResponse response) {
        return !response.ended() && !response.closed();
    }

    public static void ok(HttpServerResponse response) {
        if (open(response)) {
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE).end(Buffer.buffer(OK));
        }
    }

    /** An error answer; 503s carry {@code Retry-After}. */
    public static void error(HttpServerResponse response, ErrorCode error, String info, int retryAfterSeconds) {
        if (!open(response)) {
            return;
        }
        response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE);
        if (error.status() == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        response.end(body(error, info));
    }

    static String body(ErrorCode error, String info) {
        return new JsonObject().put("ActionStatus", "FAIL").put("ErrorCode", error.code()).put("ErrorInfo", info)
                .encode();
    }
}

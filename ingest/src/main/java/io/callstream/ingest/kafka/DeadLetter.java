package io.callstream.ingest.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.ingest.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The JSON value of a {@code call-events-dlq} record written by ingest (CONTRACT section 2):
 * <pre>{"source":"ingest","time":"…","error":{"status":400,"code":40002,"info":"CallId: missing required field"},
 *  "request":{"method":"POST","path":"/callbacks/callkit","rawQuery":"…","query":{…},"headers":{…},"remoteAddress":"…",
 *  "bodyEncoding":"utf8"|"base64","body":"…"}}</pre>
 * The body is kept as UTF-8 text, Base64 only when it is not valid UTF-8.
 */
public final class DeadLetter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetter() {
    }

    /** The request as the dead letter records it. */
    public record Request(String method, String path, String rawQuery, Map<String, String> query, Map<String, String> headers,
                          String remoteAddress, byte[] body) {
    }

    public static byte[] toJson(Request request, ErrorCode error, String info, Instant time) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", "ingest");
        root.put("time", time.toString());
        ObjectNode err = root.putObject("error");
        err.put("status", error.status());
        err.put("code", error.code());
        err.put("info", info);
        ObjectNode req = root.putObject("request");
        req.put("method", request.method());
        req.put("path", request.path());
        req.put("rawQuery", request.rawQuery());
        ObjectNode query = req.putObject("query");
        request.query().forEach(query::put);
        ObjectNode headers = req.putObject("headers");
        request.headers().forEach(headers::put);
        req.put("remoteAddress", request.remoteAddress());
        String text = utf8(request.body());
        req.put("bodyEncoding", text != null ? "utf8" : "base64");
        req.put("body", text != null ? text : Base64.getEncoder().encodeToString(request.body()));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a dead letter", e);
        }
    }

    /** The body as text when it is valid UTF-8, else null. */
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

package io.callstream.ingest.http;

import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.avro.HttpRequestOrigin;
import io.callstream.ingest.error.ErrorCode;
import io.vertx.core.http.HttpServerRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link DeadLetter} (schemas' one shape of {@code call-events-dlq}) of a rejected webhook:
 * the body byte for byte, the request line, raw query, kept headers and sender, and the answer
 * (status, {@code ErrorCode}; the code's name is the reason).
 */
final class RequestDeadLetters {

    /** Request headers worth keeping with a dead letter, lower case. */
    static final List<String> KEPT_HEADERS = List.of("content-type", "content-length", "user-agent", "host",
            "x-forwarded-for", "x-real-ip", "x-request-id", SignatureVerifier.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT));

    private RequestDeadLetters() {
    }

    static DeadLetter of(HttpServerRequest request, byte[] body, ErrorCode error, String info, String callId,
                         Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : KEPT_HEADERS) {
            String v = request.getHeader(h);
            if (v != null) {
                headers.put(h, v);
            }
        }
        HttpRequestOrigin origin = HttpRequestOrigin.newBuilder()
                .setMethod(request.method().name())
                .setPath(request.path())
                .setRawQuery(request.query())
                .setHeaders(headers)
                .setRemoteAddress(request.remoteAddress() == null ? null : request.remoteAddress().toString())
                .setStatus(error.status())
                .setErrorCode(error.code())
                .build();
        return DeadLetter.newBuilder()
                .setSource(DeadLetterSource.INGEST)
                .setReason(error.name())
                .setMessage(info)
                .setDeadLetteredAt(now)
                .setCallId(callId)
                .setPayload(ByteBuffer.wrap(body))
                .setHttpRequest(origin)
                .build();
    }
}

package io.callstream.ingest.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Reads a request body up to a limit, into a buffer that grows as bytes arrive (the declared
 * {@code Content-Length} is only used to refuse too big a body early). A body over the limit is read to its end and discarded
 * (up to {@link #DRAIN_LIMIT}) before the caller answers 413, so the sender gets the answer and not
 * a connection reset; with {@code Expect: 100-continue} it is refused before it is sent. A body whose
 * framing breaks on the way (a malformed chunk) is reported at once: Vert.x closes the connection
 * right after, so the caller must answer synchronously.
 */
final class BodyReader {

    /** How much of an oversized body is drained before the connection is closed instead. */
    static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private BodyReader() {
    }

    /**
     * Calls {@code onBody} with the whole body, or {@code onTooLarge} with {@code true} when the
     * connection should be closed after the answer, or {@code onBroken} when the body's framing
     * breaks (not when the sender goes away: nobody is left to answer then); {@code onBroken} must
     * answer before it returns.
     */
    static void read(HttpServerRequest request, int limit, Handler<Buffer> onBody, Handler<Boolean> onTooLarge,
                     Handler<Throwable> onBroken) {
        long declared = contentLength(request);
        boolean expectContinue = request.version() != HttpVersion.HTTP_1_0
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
        if (declared > limit && expectContinue) {
            onTooLarge.handle(true);
            return;
        }
        if (expectContinue) {
            request.response().writeContinue();
        }
        // Grows with the bytes that arrive (at most about twice their size): a declared Content-Length
        // reserves nothing, so senders that announce big bodies and send them slowly cost no memory.
        Buffer body = Buffer.buffer();
        long[] seen = {0};
        boolean[] done = {false};
        request.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] <= limit) {
                body.appendBuffer(chunk);
            } else if (seen[0] > DRAIN_LIMIT && !done[0]) {
                done[0] = true;
                onTooLarge.handle(true);
            }
        });
        request.endHandler(v -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            if (seen[0] > limit) {
                onTooLarge.handle(false);
            } else {
                onBody.handle(body);
            }
        });
        request.exceptionHandler(e -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            if (!(e instanceof HttpClosedException)) {
                onBroken.handle(e);
            }
        });
        request.resume();
    }

    private static long contentLength(HttpServerRequest request) {
        String v = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package io.callstream.ingest.mapping;

import io.callstream.ingest.error.ErrorCode;
import io.callstream.avro.CallbackFamily;

/**
 * A webhook that cannot become a {@code CallEvent}: carries the error to answer and, when the body
 * got far enough to show them, the {@code CallId} (the dead-letter record's key) and the callback
 * family (the shape of the answer).
 */
public final class WebhookRejectedException extends RuntimeException {

    private final transient ErrorCode error;
    private final String callId;
    private final CallbackFamily family;

    public WebhookRejectedException(ErrorCode error, String message, String callId) {
        this(error, message, callId, null);
    }

    public WebhookRejectedException(ErrorCode error, String message, String callId, CallbackFamily family) {
        super(message, null, false, false);
        this.error = error;
        this.callId = callId;
        this.family = family;
    }

    public ErrorCode error() {
        return error;
    }

    /** The CallId of the rejected body, or null when it is not known. */
    public String callId() {
        return callId;
    }

    /** The callback family the body or its command showed, or null when neither did. */
    public CallbackFamily family() {
        return family;
    }
}

package io.callstream.ingest.mapping;

import io.callstream.ingest.error.ErrorCode;

/**
 * A webhook that cannot become a {@code CallEvent}: carries the error to answer and, when the body
 * got far enough to show one, the {@code CallId} (the dead-letter record's key).
 */
public final class WebhookRejectedException extends RuntimeException {

    private final transient ErrorCode error;
    private final String callId;

    public WebhookRejectedException(ErrorCode error, String message, String callId) {
        super(message, null, false, false);
        this.error = error;
        this.callId = callId;
    }

    public ErrorCode error() {
        return error;
    }

    /** The CallId of the rejected body, or null when it is not known. */
    public String callId() {
        return callId;
    }
}

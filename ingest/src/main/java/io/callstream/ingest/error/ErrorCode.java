package io.callstream.ingest.error;

/**
 * Every error ingest answers, with its HTTP status and the non-zero {@code ErrorCode} of the
 * Tencent-style JSON answer ({@code {"ActionStatus":"FAIL","ErrorCode":…,"ErrorInfo":…}}).
 * The codes are part of the public surface: docs/ingest.md lists them. Used by the mapping (its
 * rejections), the HTTP layer (the answers) and the dead letters (their reason).
 */
public enum ErrorCode {
    MALFORMED_JSON(400, 40001),
    MISSING_FIELD(400, 40002),
    WRONG_TYPE(400, 40003),
    INVALID_VALUE(400, 40004),
    EMPTY_BODY(400, 40005),
    MALFORMED_QUERY(400, 40006),
    /** The body's transfer framing broke (a malformed chunk): it never arrived whole, so it is not dead-lettered. */
    MALFORMED_FRAMING(400, 40007),
    SDKAPPID_NOT_ACCEPTED(403, 40301),
    SIGNATURE_INVALID(403, 40302),
    NOT_FOUND(404, 40401),
    METHOD_NOT_ALLOWED(405, 40501),
    BODY_TOO_LARGE(413, 41301),
    UNSUPPORTED_MEDIA_TYPE(415, 41501),
    CALLBACK_LOOP(421, 42101),
    INTERNAL(500, 50001),
    OVERLOADED(503, 50301),
    KAFKA_UNAVAILABLE(503, 50302),
    REGISTRY_UNAVAILABLE(503, 50303);

    private final int status;
    private final int code;

    ErrorCode(int status, int code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }
}

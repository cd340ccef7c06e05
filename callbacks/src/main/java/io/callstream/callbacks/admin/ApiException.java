package io.callstream.callbacks.admin;

import io.callstream.common.auth.AuthFailure;

/**
 * An admin API error: the code and the message the answer carries (always with HTTP 200). The codes
 * are the documented ones of each API generation (callkit-v4-and-records.md section 7): the same
 * number means different things in v1 and v4, so each verb throws its own generation's code.
 */
public final class ApiException extends RuntimeException {

    /** Both generations: internal error (e.g. Kafka did not acknowledge the write), retry (v1: "others: internal"). */
    public static final int INTERNAL = 100001;
    /** v4: invalid parameter; the message says which. */
    public static final int V4_INVALID_PARAMETER = 100002;
    /** v4 {@code get_callback}: no callback configuration exists. */
    public static final int V4_NO_CONFIGURATION = 100301;
    /** v1: invalid or missing parameter, including an address that does not start with http/https. */
    public static final int V1_INVALID_PARAMETER = AuthFailure.V1_INVALID_PARAMETER;
    /** v1: the request body cannot be parsed. */
    public static final int V1_BODY_PARSE_ERROR = 70009;
    /** v1 {@code update}: no callback configuration exists. */
    public static final int V1_NO_CONFIGURATION = 999;

    private final int code;

    public ApiException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}

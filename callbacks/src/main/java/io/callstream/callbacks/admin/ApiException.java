package io.callstream.callbacks.admin;

/** An admin API error: the code and the message the answer carries (always with HTTP 200). */
public final class ApiException extends RuntimeException {

    /** Internal error (e.g. Kafka did not acknowledge the write): retry. */
    public static final int INTERNAL = 100001;
    /** Invalid parameter: the message says which. */
    public static final int INVALID_PARAMETER = 100002;
    /** No callback configuration exists: create one first. */
    public static final int NO_CONFIGURATION = 100301;
    /** Legacy API: the callback address must start with http or https (or is refused, see the message). */
    public static final int LEGACY_BAD_ADDRESS = 70001;

    private final int code;

    public ApiException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}

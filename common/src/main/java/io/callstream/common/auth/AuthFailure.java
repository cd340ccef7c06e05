package io.callstream.common.auth;

/**
 * Why an admin request was not authenticated: one of callstream's REST-layer error codes, modelled on
 * Tencent's common codes (listed in docs/callbacks.md), and a message that says what is wrong.
 */
public final class AuthFailure extends Exception {

    /** The UserSig has expired ({@code TLS.time + TLS.expire} is in the past). */
    public static final int SIG_EXPIRED = 70001;
    /** The {@code usersig} parameter is missing or empty. */
    public static final int SIG_EMPTY = 70002;
    /** The UserSig cannot be decoded (URL-safe Base64 → zlib → JSON) or lacks a field. */
    public static final int SIG_MALFORMED = 70003;
    /** The HMAC-SHA256 does not verify with the app's secret key. */
    public static final int SIG_MISMATCH = 70009;
    /** {@code identifier} differs from the UserSig's {@code TLS.identifier}. */
    public static final int IDENTIFIER_MISMATCH = 70013;
    /** {@code sdkappid} differs from the UserSig's {@code TLS.sdkappid}. */
    public static final int APPID_MISMATCH = 70014;
    /** The SDKAppID has no secret key configured on this server. */
    public static final int APP_NOT_FOUND = 70020;
    /** A common parameter ({@code sdkappid}, {@code identifier}, {@code random}, {@code contenttype}) is invalid. */
    public static final int INVALID_PARAMETER = 70402;
    /** {@code identifier} is not an administrator of the SDKAppID. */
    public static final int NOT_ADMIN = 70403;
    /** The SDKAppID exceeded the API's call rate (10/s legacy, 200/s newer). */
    public static final int RATE_LIMITED = 60011;

    /** v1 (CallKit domain) codes: invalid parameter, UserSig invalid, expired, not an administrator, rate limited. */
    public static final int V1_INVALID_PARAMETER = 70001;
    public static final int V1_SIG_INVALID = 70002;
    public static final int V1_SIG_EXPIRED = 70003;
    public static final int V1_NOT_ADMIN = 70004;
    public static final int V1_RATE_LIMITED = 70005;

    private final int code;

    public AuthFailure(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * The v1 (CallKit domain) code with the same meaning as a v4 code of this class: the v1 APIs (callback
     * configuration, call records) answer authentication failures with it (callkit-v4-and-records.md section 7).
     */
    public static int v1Code(int v4Code) {
        return switch (v4Code) {
            case SIG_EXPIRED -> V1_SIG_EXPIRED;
            case SIG_EMPTY, SIG_MALFORMED, SIG_MISMATCH, IDENTIFIER_MISMATCH, APPID_MISMATCH -> V1_SIG_INVALID;
            case NOT_ADMIN -> V1_NOT_ADMIN;
            case RATE_LIMITED -> V1_RATE_LIMITED;
            default -> V1_INVALID_PARAMETER; // INVALID_PARAMETER, APP_NOT_FOUND
        };
    }
}

package io.callstream.common.auth;

import java.util.function.UnaryOperator;

/**
 * Authenticates a Tencent-style admin REST call from its common query parameters
 * (callkit-callbacks.md section 5) in this order: parameters ({@code sdkappid}, {@code identifier},
 * {@code random}, {@code contenttype}) → the source address has not failed too often ({@link FailureLimiter})
 * → the app has a secret key → the UserSig → the identifier is an administrator of the app → the app's
 * rate limit. The app's rate counts authenticated calls only, so someone who knows an SDKAppID but has
 * no UserSig cannot lock its administrator out; failures count against their source address instead. Each failure is an {@link AuthFailure} with a
 * documented code. Free of any HTTP library: the caller passes how to read a query parameter.
 */
public final class AdminAuthenticator {

    private final AdminAccounts accounts;
    private final UserSigVerifier verifier;
    private final FailureLimiter failures;

    /** Failed authentications allowed per source address and minute by default. */
    public static final int DEFAULT_FAILURES_PER_MINUTE = 30;

    public AdminAuthenticator(AdminAccounts accounts, UserSigVerifier verifier) {
        this(accounts, verifier, new FailureLimiter(DEFAULT_FAILURES_PER_MINUTE, System::currentTimeMillis));
    }

    public AdminAuthenticator(AdminAccounts accounts, UserSigVerifier verifier, FailureLimiter failures) {
        this.accounts = accounts;
        this.verifier = verifier;
        this.failures = failures;
    }

    /**
     * Returns the authenticated SDKAppID.
     *
     * @param query   a query parameter's value by name, null when absent (e.g. Vert.x {@code queryParams()::get})
     * @param source  the caller's address (its failures are counted and limited)
     * @param limiter the rate limit of the API being called; a call is counted once it is authenticated
     */
    public long authenticate(UnaryOperator<String> query, String source, RateLimiter limiter) throws AuthFailure {
        long sdkAppId = sdkAppId(query.apply("sdkappid"));
        String identifier = query.apply("identifier");
        if (identifier == null || identifier.isBlank()) {
            throw new AuthFailure(AuthFailure.INVALID_PARAMETER, "identifier is missing");
        }
        checkRandom(query.apply("random"));
        String contentType = query.apply("contenttype");
        if (contentType != null && !contentType.equals("json")) {
            throw new AuthFailure(AuthFailure.INVALID_PARAMETER, "contenttype must be json, got '" + contentType + "'");
        }
        if (failures.blocked(source)) {
            throw new AuthFailure(AuthFailure.RATE_LIMITED, "too many failed authentications from " + source
                    + " in the last minute; try again later");
        }
        try {
            String key = accounts.secretKey(sdkAppId).orElseThrow(() -> new AuthFailure(AuthFailure.APP_NOT_FOUND,
                    "SDKAppID " + sdkAppId + " is not configured on this server"));
            verifier.verify(sdkAppId, identifier, query.apply("usersig"), key);
            if (!accounts.isAdmin(sdkAppId, identifier)) {
                throw new AuthFailure(AuthFailure.NOT_ADMIN, "identifier '" + identifier
                        + "' is not an administrator of SDKAppID " + sdkAppId);
            }
        } catch (AuthFailure f) {
            failures.failed(source);
            throw f;
        }
        if (!limiter.tryAcquire(sdkAppId)) {
            throw new AuthFailure(AuthFailure.RATE_LIMITED, "SDKAppID " + sdkAppId + " exceeded the call rate of this API");
        }
        return sdkAppId;
    }

    private static long sdkAppId(String text) throws AuthFailure {
        if (text == null || text.isBlank()) {
            throw new AuthFailure(AuthFailure.INVALID_PARAMETER, "sdkappid is missing");
        }
        try {
            long v = Long.parseLong(text);
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new AuthFailure(AuthFailure.INVALID_PARAMETER, "sdkappid must be a positive integer, got '" + text + "'");
        }
    }

    private static void checkRandom(String text) throws AuthFailure {
        if (text == null || text.isBlank()) {
            throw new AuthFailure(AuthFailure.INVALID_PARAMETER, "random is missing");
        }
        try {
            long v = Long.parseLong(text);
            if (v < 0 || v > 4_294_967_295L) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new AuthFailure(AuthFailure.INVALID_PARAMETER, "random must be an integer 0..4294967295, got '" + text + "'");
        }
    }
}

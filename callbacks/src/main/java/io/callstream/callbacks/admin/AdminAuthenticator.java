package io.callstream.callbacks.admin;

import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.auth.AuthFailure;
import io.callstream.callbacks.auth.UserSigVerifier;
import io.vertx.core.MultiMap;

/**
 * Checks the common REST parameters of an admin call (callkit-callbacks.md section 5) in this order:
 * parameters → the app has a secret key → rate limit of the SDKAppID → UserSig → the identifier is an
 * administrator of the app. Each failure is an {@link AuthFailure} with a documented code.
 */
final class AdminAuthenticator {

    private final CallbacksConfig config;
    private final UserSigVerifier verifier;

    AdminAuthenticator(CallbacksConfig config, UserSigVerifier verifier) {
        this.config = config;
        this.verifier = verifier;
    }

    /** Returns the authenticated SDKAppID. */
    long authenticate(MultiMap query, RateLimiter limiter) throws AuthFailure {
        long sdkAppId = sdkAppId(query.get("sdkappid"));
        String identifier = query.get("identifier");
        if (identifier == null || identifier.isBlank()) {
            throw new AuthFailure(AuthFailure.INVALID_PARAMETER, "identifier is missing");
        }
        checkRandom(query.get("random"));
        String contentType = query.get("contenttype");
        if (contentType != null && !contentType.equals("json")) {
            throw new AuthFailure(AuthFailure.INVALID_PARAMETER, "contenttype must be json, got '" + contentType + "'");
        }
        String key = config.secretKey(sdkAppId).orElseThrow(() -> new AuthFailure(AuthFailure.APP_NOT_FOUND,
                "SDKAppID " + sdkAppId + " is not configured on this server"));
        if (!limiter.tryAcquire(sdkAppId)) {
            throw new AuthFailure(AuthFailure.RATE_LIMITED, "SDKAppID " + sdkAppId + " exceeded the call rate of this API");
        }
        verifier.verify(sdkAppId, identifier, query.get("usersig"), key);
        if (!config.isAdmin(sdkAppId, identifier)) {
            throw new AuthFailure(AuthFailure.NOT_ADMIN, "identifier '" + identifier
                    + "' is not an administrator of SDKAppID " + sdkAppId);
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

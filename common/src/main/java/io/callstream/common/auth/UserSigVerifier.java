package io.callstream.common.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a TLS UserSig version 2 (callkit-callbacks.md section 5): reverses the URL-safe Base64,
 * inflates the zlib stream (bounded), reads the JSON, checks SDKAppID and identifier, recomputes the
 * HMAC-SHA256 with the app's secret key (constant-time compare) and checks the expiry. A UserSig whose
 * {@code TLS.time} lies more than {@link #MAX_FUTURE_SKEW_SECONDS} ahead of this clock is refused: it would
 * otherwise stay valid past the 180-day cap.
 */
public final class UserSigVerifier {

    /** The longest validity a UserSig may declare: 180 days. */
    public static final long MAX_EXPIRE_SECONDS = 180L * 24 * 3600;
    /** How far ahead of this server's clock {@code TLS.time} may lie (clock skew between signer and server): 5 minutes. */
    public static final long MAX_FUTURE_SKEW_SECONDS = 300;
    private static final int MAX_SIG_CHARS = 4096;
    private static final int MAX_INFLATED_BYTES = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public UserSigVerifier(Clock clock) {
        this.clock = clock;
    }

    /** Succeeds silently, or throws the reason the UserSig is not valid for {@code identifier} of {@code sdkAppId}. */
    public void verify(long sdkAppId, String identifier, String userSig, String secretKey) throws AuthFailure {
        if (userSig == null || userSig.isEmpty()) {
            throw new AuthFailure(AuthFailure.SIG_EMPTY, "usersig is missing");
        }
        JsonNode doc = decode(userSig);
        String sigIdentifier = text(doc, "TLS.identifier");
        long sigAppId = number(doc, "TLS.sdkappid");
        long time = number(doc, "TLS.time");
        long expire = number(doc, "TLS.expire");
        String sig = text(doc, "TLS.sig");
        JsonNode userbuf = doc.get("TLS.userbuf");
        if (sigAppId != sdkAppId) {
            throw new AuthFailure(AuthFailure.APPID_MISMATCH,
                    "usersig was issued for SDKAppID " + sigAppId + ", not for sdkappid " + sdkAppId);
        }
        if (!sigIdentifier.equals(identifier)) {
            throw new AuthFailure(AuthFailure.IDENTIFIER_MISMATCH,
                    "usersig was issued for identifier '" + sigIdentifier + "', not for '" + identifier + "'");
        }
        if (expire <= 0 || expire > MAX_EXPIRE_SECONDS) {
            throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig TLS.expire must be 1.." + MAX_EXPIRE_SECONDS + " seconds");
        }
        String content = "TLS.identifier:" + sigIdentifier + "\n" + "TLS.sdkappid:" + sigAppId + "\n"
                + "TLS.time:" + time + "\n" + "TLS.expire:" + expire + "\n"
                + (userbuf != null && userbuf.isTextual() ? "TLS.userbuf:" + userbuf.asText() + "\n" : "");
        byte[] expected = hmac(secretKey, content);
        byte[] actual;
        try {
            actual = Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig TLS.sig is not Base64");
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new AuthFailure(AuthFailure.SIG_MISMATCH, "usersig signature does not verify with the secret key of SDKAppID " + sdkAppId);
        }
        long now = clock.instant().getEpochSecond();
        if (time > now + MAX_FUTURE_SKEW_SECONDS) {
            throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig TLS.time " + time + " lies " + (time - now)
                    + " s in the future (now " + now + ", allowed clock skew " + MAX_FUTURE_SKEW_SECONDS + " s)");
        }
        if (now > time + expire) {
            throw new AuthFailure(AuthFailure.SIG_EXPIRED, "usersig expired at " + (time + expire) + " (now " + now + ")");
        }
    }

    private static JsonNode decode(String userSig) throws AuthFailure {
        if (userSig.length() > MAX_SIG_CHARS) {
            throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig is longer than " + MAX_SIG_CHARS + " characters");
        }
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(userSig.replace('*', '+').replace('-', '/').replace('_', '='));
        } catch (IllegalArgumentException e) {
            throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig is not URL-safe Base64");
        }
        byte[] json = inflate(compressed);
        try {
            JsonNode doc = JSON.readTree(json);
            if (doc == null || !doc.isObject()) {
                throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig does not contain a JSON object");
            }
            return doc;
        } catch (java.io.IOException e) {
            throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig does not contain valid JSON");
        }
    }

    private static byte[] inflate(byte[] compressed) throws AuthFailure {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig zlib stream is truncated");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig inflates to more than " + MAX_INFLATED_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig is not a zlib stream");
        } finally {
            inflater.end();
        }
    }

    private static String text(JsonNode doc, String field) throws AuthFailure {
        JsonNode n = doc.get(field);
        if (n == null || !n.isTextual()) {
            throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig lacks the string field " + field);
        }
        return n.asText();
    }

    private static long number(JsonNode doc, String field) throws AuthFailure {
        JsonNode n = doc.get(field);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new AuthFailure(AuthFailure.SIG_MALFORMED, "usersig lacks the integer field " + field);
        }
        return n.asLong();
    }

    /** HMAC-SHA256 of the UserSig content, keyed with the app's secret key (also used by {@code UserSigTool}). */
    public static byte[] hmac(String key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

package io.callstream.processor.records;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that an internal hop ({@code /internal/records/*}) comes from another processor instance: the
 * lowercase hex HMAC-SHA256, with the app's secret key ({@code records.secret.keys}, which every instance
 * holds and an administrator with only a UserSig does not), of the path, the raw query string and the body.
 * Without it anyone holding an administrator's UserSig could call the internal paths directly, which are
 * not counted against the API's rate limit.
 */
public final class HopSignature {

    /** The request header that carries the signature. */
    public static final String HEADER = "X-Callstream-Hop-Signature";

    private HopSignature() {
    }

    public static String sign(String secretKey, String path, String rawQuery, String body) {
        return sign(secretKey, path, rawQuery, body.getBytes(StandardCharsets.UTF_8));
    }

    static String sign(String secretKey, String path, String rawQuery, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((path + "?" + (rawQuery == null ? "" : rawQuery) + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** True when {@code signature} is the one {@link #sign} gives for this request (compared in constant time). */
    static boolean verify(String secretKey, String path, String rawQuery, byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secretKey, path, rawQuery, body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}

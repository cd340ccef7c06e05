package io.callstream.common.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DeflaterOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent UserSig v2 generator for tests, written from the documented algorithm
 * (callkit-callbacks.md section 5) without sharing code with the verifier or {@code UserSigTool}:
 * hand-built JSON, {@link DeflaterOutputStream} zlib, URL-safe Base64 by character replacement.
 */
public final class TestUserSigs {

    private TestUserSigs() {
    }

    public static String sign(long sdkAppId, String key, String identifier, long expire, long time) {
        return encode(json(sdkAppId, identifier, expire, time, signature(sdkAppId, key, identifier, expire, time)));
    }

    public static String signature(long sdkAppId, String key, String identifier, long expire, long time) {
        String text = String.format("TLS.identifier:%s\nTLS.sdkappid:%d\nTLS.time:%d\nTLS.expire:%d\n",
                identifier, sdkAppId, time, expire);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String json(long sdkAppId, String identifier, long expire, long time, String sig) {
        return "{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"" + identifier + "\",\"TLS.sdkappid\":" + sdkAppId
                + ",\"TLS.expire\":" + expire + ",\"TLS.time\":" + time + ",\"TLS.sig\":\"" + sig + "\"}";
    }

    /** zlib → Base64 → URL-safe characters, as the documented encoding does. */
    public static String encode(String json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(bytes)) {
            z.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder out = new StringBuilder();
        for (char c : Base64.getEncoder().encodeToString(bytes.toByteArray()).toCharArray()) {
            out.append(c == '+' ? '*' : c == '/' ? '-' : c == '=' ? '_' : c);
        }
        return out.toString();
    }
}

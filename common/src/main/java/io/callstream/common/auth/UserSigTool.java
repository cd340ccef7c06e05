package io.callstream.common.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Makes a TLS UserSig version 2, the credential of the admin REST APIs, with the same algorithm as
 * Tencent's public {@code tls-sig-api-v2} libraries; as a CLI:
 * {@code java -cp ... io.callstream.common.auth.UserSigTool <sdkappid> <secretkey> <identifier> [expireSeconds]}
 * (default validity 86400 s) prints one.
 */
public final class UserSigTool {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UserSigTool() {
    }

    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: UserSigTool <sdkappid> <secretkey> <identifier> [expireSeconds]");
            System.exit(2);
        }
        long sdkAppId;
        long expire;
        try {
            sdkAppId = Long.parseLong(args[0]);
            expire = args.length == 4 ? Long.parseLong(args[3]) : 86_400;
        } catch (NumberFormatException e) {
            System.err.println("sdkappid and expireSeconds must be integers");
            System.exit(2);
            return;
        }
        System.out.println(generate(sdkAppId, args[1], args[2], expire, System.currentTimeMillis() / 1000));
    }

    /** A UserSig for {@code identifier} of {@code sdkAppId}, issued at {@code time} (Unix seconds), valid {@code expire} s. */
    public static String generate(long sdkAppId, String key, String identifier, long expire, long time) {
        String content = "TLS.identifier:" + identifier + "\n" + "TLS.sdkappid:" + sdkAppId + "\n"
                + "TLS.time:" + time + "\n" + "TLS.expire:" + expire + "\n";
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("TLS.ver", "2.0");
        doc.put("TLS.identifier", identifier);
        doc.put("TLS.sdkappid", sdkAppId);
        doc.put("TLS.expire", expire);
        doc.put("TLS.time", time);
        doc.put("TLS.sig", Base64.getEncoder().encodeToString(UserSigVerifier.hmac(key, content)));
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a UserSig document", e);
        }
        Deflater deflater = new Deflater();
        deflater.setInput(json);
        deflater.finish();
        byte[] buf = new byte[json.length + 64];
        int n = deflater.deflate(buf);
        deflater.end();
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf, n)).replace('+', '*').replace('/', '-').replace('=', '_');
    }
}

package io.callstream.callbacks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signing secrets per SDKAppID ({@code callbacks.signing.secrets}:
 * {@code <sdkappid>:whsec_<base64> [whsec_<base64>],...}) and the Standard Webhooks signature made with
 * them: {@code webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">},
 * one {@code v1,} entry per secret, space-separated, so that a secret can be rotated without downtime
 * (configure the new one beside the old, let subscribers switch, then drop the old). {@link #toString()}
 * never shows a secret.
 */
public final class SigningSecrets {

    public static final String PREFIX = "whsec_";
    private final Map<Long, List<byte[]>> keys;

    private SigningSecrets(Map<Long, List<byte[]>> keys) {
        this.keys = keys;
    }

    public static SigningSecrets none() {
        return new SigningSecrets(Map.of());
    }

    /** Parses the setting; throws with a message naming the faulty entry (never its secret). */
    public static SigningSecrets parse(String setting) {
        Map<Long, List<byte[]>> out = new HashMap<>();
        if (setting == null || setting.isBlank()) {
            return none();
        }
        for (String entry : setting.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            long app;
            try {
                app = Long.parseLong(e.substring(0, Math.max(0, colon)).trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("callbacks.signing.secrets: an entry is not <sdkappid>:whsec_<base64> ...");
            }
            List<byte[]> secrets = new ArrayList<>();
            for (String s : e.substring(colon + 1).trim().split("\\s+")) {
                if (!s.startsWith(PREFIX)) {
                    throw new IllegalArgumentException("callbacks.signing.secrets: a secret of SDKAppID " + app + " does not start with whsec_");
                }
                try {
                    secrets.add(Base64.getDecoder().decode(s.substring(PREFIX.length())));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("callbacks.signing.secrets: a secret of SDKAppID " + app + " is not Base64 after whsec_");
                }
            }
            out.computeIfAbsent(app, k -> new ArrayList<>()).addAll(secrets);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return new SigningSecrets(Map.copyOf(out));
    }

    public boolean has(long sdkAppId) {
        return keys.containsKey(sdkAppId);
    }

    /** The {@code webhook-signature} value for a delivery of {@code sdkAppId}, or null when it has no secret. */
    public String sign(long sdkAppId, String id, long timestampSeconds, String body) {
        List<byte[]> secrets = keys.get(sdkAppId);
        if (secrets == null || secrets.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (byte[] secret : secrets) {
            out.append(out.isEmpty() ? "" : " ").append("v1,").append(signature(secret, id, timestampSeconds, body));
        }
        return out.toString();
    }

    /** Base64 of HMAC-SHA256(secret, id + "." + timestamp + "." + body). */
    public static String signature(byte[] secret, String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestampSeconds + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return keys.isEmpty() ? "{}" : "{" + keys.keySet() + ": ****}";
    }
}

package io.callstream.ingest.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * callstream's optional callback signature (our extension: the CallKit docs define none for call
 * callbacks). The sender sets {@code X-Callstream-Timestamp} (Unix seconds) and
 * {@code X-Callstream-Signature} = lowercase hex of HMAC-SHA256(key, timestamp + "." + raw body),
 * optionally prefixed {@code sha256=}. Verified in constant time; a timestamp further than the
 * allowed skew from the ingest clock is stale.
 */
public final class SignatureVerifier {

    public static final String SIGNATURE_HEADER = "X-Callstream-Signature";
    public static final String TIMESTAMP_HEADER = "X-Callstream-Timestamp";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Duration maxSkew;
    private final Clock clock;
    private final ThreadLocal<Mac> macs;

    public SignatureVerifier(String key, Duration maxSkew, Clock clock) {
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.maxSkew = maxSkew;
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** Empty when the signature is valid and fresh; otherwise what is wrong. */
    public Optional<String> verify(String timestamp, String signature, byte[] body) {
        if (timestamp == null || timestamp.isBlank()) {
            return Optional.of(TIMESTAMP_HEADER + ": missing header");
        }
        if (signature == null || signature.isBlank()) {
            return Optional.of(SIGNATURE_HEADER + ": missing header");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Optional.of(TIMESTAMP_HEADER + ": must be Unix seconds, got '" + timestamp + "'");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - ts);
        if (skew > maxSkew.toSeconds()) {
            return Optional.of(TIMESTAMP_HEADER + ": stale, " + skew + " s from the server clock (max "
                    + maxSkew.toSeconds() + " s)");
        }
        String given = signature.trim();
        if (given.regionMatches(true, 0, "sha256=", 0, 7)) {
            given = given.substring(7);
        }
        byte[] expected = mac(timestamp.trim(), body);
        byte[] actual;
        try {
            actual = HexFormat.of().parseHex(given.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.of(SIGNATURE_HEADER + ": must be hex HMAC-SHA256");
        }
        return MessageDigest.isEqual(expected, actual) ? Optional.empty()
                : Optional.of(SIGNATURE_HEADER + ": does not match the body and timestamp");
    }

    /** The header value a sender puts in {@code X-Callstream-Signature}. */
    public static String sign(String key, String timestamp, byte[] body) {
        return HexFormat.of().formatHex(new SignatureVerifier(key, Duration.ZERO, Clock.systemUTC()).mac(timestamp, body));
    }

    private byte[] mac(String timestamp, byte[] body) {
        Mac mac = macs.get();
        mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) '.');
        return mac.doFinal(body);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

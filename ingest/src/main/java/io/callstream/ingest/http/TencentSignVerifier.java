package io.callstream.ingest.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Tencent's callback authentication, as it documents it for TUILiveKit (and Chat) callbacks
 * (callkit-v4-and-records.md section 6; the TUICallKit pages document none for Call callbacks): once
 * a token is enabled, the callback URL carries {@code RequestTime} (Unix seconds) and {@code Sign} =
 * lowercase hex SHA-256 of {@code token + RequestTime} (plain concatenation, no HMAC). Compared in
 * constant time; a {@code RequestTime} further than the allowed skew from the clock is stale.
 */
public final class TencentSignVerifier {

    public static final String SIGN_PARAM = "Sign";
    public static final String REQUEST_TIME_PARAM = "RequestTime";

    private final byte[] token;
    private final Duration maxSkew;
    private final Clock clock;

    public TencentSignVerifier(String token, Duration maxSkew, Clock clock) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    /** Empty when {@code sign} matches the token and a fresh {@code requestTime}; otherwise what is wrong. */
    public Optional<String> verify(String requestTime, String sign) {
        boolean noTime = requestTime == null || requestTime.isBlank();
        boolean noSign = sign == null || sign.isBlank();
        if (noTime || noSign) {
            return Optional.of((noSign && noTime ? SIGN_PARAM + ", " + REQUEST_TIME_PARAM + ": missing query parameters"
                    : (noSign ? SIGN_PARAM : REQUEST_TIME_PARAM) + ": missing query parameter")
                    + " (the callback token check is on)");
        }
        long t;
        try {
            t = Long.parseLong(requestTime.trim());
        } catch (NumberFormatException e) {
            return Optional.of(REQUEST_TIME_PARAM + ": must be Unix seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - t);
        if (skew > maxSkew.toSeconds()) {
            return Optional.of(REQUEST_TIME_PARAM + ": stale, " + skew + " s from the server clock (max "
                    + maxSkew.toSeconds() + " s)");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(sign.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.of(SIGN_PARAM + ": must be hex SHA-256");
        }
        return MessageDigest.isEqual(digest(token, requestTime.trim()), given) ? Optional.empty()
                : Optional.of(SIGN_PARAM + ": does not match the token and " + REQUEST_TIME_PARAM);
    }

    /** The {@code Sign} Tencent puts on a callback URL for this token and request time. */
    public static String sign(String token, String requestTime) {
        return HexFormat.of().formatHex(digest(token.getBytes(StandardCharsets.UTF_8), requestTime));
    }

    private static byte[] digest(byte[] token, String requestTime) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(token);
            return sha.digest(requestTime.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

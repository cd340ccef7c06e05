package io.callstream.ingest.http;

import io.callstream.ingest.config.IngestConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.Optional;

/**
 * The optional authentication of callbacks, off unless configured: Tencent's {@code Sign} and
 * {@code RequestTime} query parameters ({@code ingest.callback.token}, {@link TencentSignVerifier})
 * and callstream's HMAC headers for relays ({@code ingest.signature.key}, {@link SignatureVerifier}).
 * With both configured either one passing is enough; the problem reported is that of the scheme the
 * request attempted.
 */
final class CallbackAuth {

    private final TencentSignVerifier sign;
    private final SignatureVerifier hmac;

    private CallbackAuth(TencentSignVerifier sign, SignatureVerifier hmac) {
        this.sign = sign;
        this.hmac = hmac;
    }

    static CallbackAuth from(IngestConfig config, Clock clock) {
        return new CallbackAuth(
                config.callbackToken().map(t -> new TencentSignVerifier(t, config.callbackSignMaxSkew(), clock)).orElse(null),
                config.signatureKey().map(k -> new SignatureVerifier(k, config.signatureMaxSkew(), clock)).orElse(null));
    }

    /** Empty when no scheme is configured or one passes; otherwise what is wrong (answered 403). */
    Optional<String> check(MultiMap params, HttpServerRequest request, byte[] body) {
        if (sign == null && hmac == null) {
            return Optional.empty();
        }
        String requestTime = CallbackHandler.param(params, TencentSignVerifier.REQUEST_TIME_PARAM);
        String signParam = CallbackHandler.param(params, TencentSignVerifier.SIGN_PARAM);
        String timestamp = request.getHeader(SignatureVerifier.TIMESTAMP_HEADER);
        String signature = request.getHeader(SignatureVerifier.SIGNATURE_HEADER);
        Optional<String> signProblem = sign == null ? Optional.empty() : sign.verify(requestTime, signParam);
        Optional<String> hmacProblem = hmac == null ? Optional.empty() : hmac.verify(timestamp, signature, body);
        if (sign == null || hmac == null) {
            return sign != null ? signProblem : hmacProblem;
        }
        if (signProblem.isEmpty() || hmacProblem.isEmpty()) {
            return Optional.empty();
        }
        if (signParam != null || requestTime != null) {
            return signProblem;
        }
        if (signature != null || timestamp != null) {
            return hmacProblem;
        }
        return Optional.of("missing: the " + TencentSignVerifier.SIGN_PARAM + " and " + TencentSignVerifier.REQUEST_TIME_PARAM
                + " query parameters (Tencent callback token) or the " + SignatureVerifier.SIGNATURE_HEADER + " and "
                + SignatureVerifier.TIMESTAMP_HEADER + " headers (callstream signature)");
    }
}

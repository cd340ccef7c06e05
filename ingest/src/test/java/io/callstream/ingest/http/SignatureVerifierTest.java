package io.callstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final byte[] BODY = "{\"CallId\":\"c1\"}".getBytes(StandardCharsets.UTF_8);
    private final SignatureVerifier verifier = new SignatureVerifier("k3y", Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldAcceptWhenSignatureMatchesBodyAndTimestamp() {
        String ts = Long.toString(NOW.getEpochSecond());
        String sig = SignatureVerifier.sign("k3y", ts, BODY);

        assertThat(verifier.verify(ts, sig, BODY)).isEmpty();
        assertThat(verifier.verify(ts, "sha256=" + sig.toUpperCase(), BODY)).isEmpty();
    }

    @Test
    void shouldRejectWhenBodyTimestampOrKeyDiffer() {
        String ts = Long.toString(NOW.getEpochSecond());
        String sig = SignatureVerifier.sign("k3y", ts, BODY);

        assertThat(verifier.verify(ts, sig, "{}".getBytes(StandardCharsets.UTF_8))).get().asString().contains("does not match");
        assertThat(verifier.verify(Long.toString(NOW.getEpochSecond() - 1), sig, BODY)).isPresent();
        assertThat(verifier.verify(ts, SignatureVerifier.sign("other", ts, BODY), BODY)).isPresent();
        assertThat(verifier.verify(ts, "zz-not-hex", BODY)).get().asString().contains("hex");
    }

    @Test
    void shouldRejectWhenTimestampIsStaleOrMissing() {
        String old = Long.toString(NOW.getEpochSecond() - 301);

        assertThat(verifier.verify(old, SignatureVerifier.sign("k3y", old, BODY), BODY)).get().asString().contains("stale");
        assertThat(verifier.verify(null, "ab", BODY)).get().asString().contains(SignatureVerifier.TIMESTAMP_HEADER);
        assertThat(verifier.verify("yesterday", "ab", BODY)).get().asString().contains("Unix seconds");
        assertThat(verifier.verify("1", null, BODY)).get().asString().contains(SignatureVerifier.SIGNATURE_HEADER);
    }
}

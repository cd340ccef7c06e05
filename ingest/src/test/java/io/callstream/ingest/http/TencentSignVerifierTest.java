package io.callstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Tencent's Sign = hex SHA-256(token + RequestTime), with the docs' own example (callkit-v4-and-records.md §6). */
class TencentSignVerifierTest {

    private static final String DOCS_SIGN = "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061";
    private static final Instant DOCS_TIME = Instant.ofEpochSecond(1669872112L);
    private final TencentSignVerifier verifier = new TencentSignVerifier("xxxxyyyy", Duration.ofMinutes(1),
            Clock.fixed(DOCS_TIME.plusSeconds(30), ZoneOffset.UTC));

    @Test
    void shouldComputeTheDocsSignWhenGivenTheDocsTokenAndRequestTime() {
        assertThat(TencentSignVerifier.sign("xxxxyyyy", "1669872112")).isEqualTo(DOCS_SIGN);
    }

    @Test
    void shouldAcceptWhenSignMatchesInEitherLetterCase() {
        assertThat(verifier.verify("1669872112", DOCS_SIGN)).isEmpty();
        assertThat(verifier.verify("1669872112", DOCS_SIGN.toUpperCase())).isEmpty();
    }

    @Test
    void shouldRejectWhenTokenOrRequestTimeDiffer() {
        assertThat(verifier.verify("1669872113", DOCS_SIGN)).get().asString().contains("does not match");
        assertThat(verifier.verify("1669872112", TencentSignVerifier.sign("other", "1669872112"))).isPresent();
        assertThat(verifier.verify("1669872112", "not-hex")).get().asString().contains("hex");
    }

    @Test
    void shouldRejectWhenRequestTimeIsOutsideTheSkewOrMissing() {
        String old = Long.toString(DOCS_TIME.getEpochSecond() - 31);
        String ahead = Long.toString(DOCS_TIME.getEpochSecond() + 91);

        assertThat(verifier.verify(old, TencentSignVerifier.sign("xxxxyyyy", old))).get().asString().contains("stale");
        assertThat(verifier.verify(ahead, TencentSignVerifier.sign("xxxxyyyy", ahead))).get().asString().contains("stale");
        assertThat(verifier.verify(null, null)).get().asString().startsWith("Sign, RequestTime: missing");
        assertThat(verifier.verify("1669872112", " ")).get().asString().startsWith("Sign: missing");
        assertThat(verifier.verify("soon", DOCS_SIGN)).get().asString().contains("Unix seconds");
    }
}

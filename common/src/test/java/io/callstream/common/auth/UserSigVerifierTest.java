package io.callstream.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UserSigVerifierTest {

    static final long APP = 1400000001L;
    static final String KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    static final long NOW = 1_764_000_000L;
    final UserSigVerifier verifier = new UserSigVerifier(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    @Test
    void shouldAcceptWhenSignedByIndependentGenerator() {
        String sig = TestUserSigs.sign(APP, KEY, "administrator", 86400, NOW - 10);
        assertThatCode(() -> verifier.verify(APP, "administrator", sig, KEY)).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptWhenSignedByUserSigTool() {
        String sig = UserSigTool.generate(APP, KEY, "administrator", 3600, NOW);
        assertThatCode(() -> verifier.verify(APP, "administrator", sig, KEY)).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectWith70003WhenTheUserSigIsDatedMoreThanTheSkewInTheFuture() {
        String sig = TestUserSigs.sign(APP, KEY, "administrator", 180L * 24 * 3600, NOW + 86400);
        assertThatThrownBy(() -> verifier.verify(APP, "administrator", sig, KEY)).isInstanceOfSatisfying(AuthFailure.class, f -> {
            assertThat(f.code()).isEqualTo(AuthFailure.SIG_MALFORMED);
            assertThat(f.getMessage()).contains("in the future");
        });
    }

    @Test
    void shouldAcceptWhenTheUserSigIsDatedWithinTheSkewInTheFuture() throws AuthFailure {
        verifier.verify(APP, "administrator", TestUserSigs.sign(APP, KEY, "administrator", 3600, NOW + 60), KEY);
    }

    @Test
    void shouldRejectWith70001WhenExpired() {
        String sig = TestUserSigs.sign(APP, KEY, "administrator", 60, NOW - 61);
        assertCode(sig, "administrator", KEY, AuthFailure.SIG_EXPIRED);
    }

    @Test
    void shouldRejectWith70002WhenEmpty() {
        assertCode("", "administrator", KEY, AuthFailure.SIG_EMPTY);
        assertCode(null, "administrator", KEY, AuthFailure.SIG_EMPTY);
    }

    @Test
    void shouldRejectWith70003WhenNotBase64() {
        assertCode("%%%not base64%%%", "administrator", KEY, AuthFailure.SIG_MALFORMED);
    }

    @Test
    void shouldRejectWith70003WhenNotZlib() {
        String notZlib = Base64.getEncoder().encodeToString("{\"TLS.ver\":\"2.0\"}".getBytes()).replace('=', '_');
        assertCode(notZlib, "administrator", KEY, AuthFailure.SIG_MALFORMED);
    }

    @Test
    void shouldRejectWith70003WhenFieldMissing() {
        String sig = TestUserSigs.encode("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"administrator\",\"TLS.sdkappid\":" + APP + "}");
        assertCode(sig, "administrator", KEY, AuthFailure.SIG_MALFORMED);
    }

    @Test
    void shouldRejectWith70003WhenNotJson() {
        assertCode(TestUserSigs.encode("not json at all"), "administrator", KEY, AuthFailure.SIG_MALFORMED);
    }

    @Test
    void shouldRejectWith70009WhenSignedWithAnotherKey() {
        String sig = TestUserSigs.sign(APP, "another-key", "administrator", 86400, NOW);
        assertCode(sig, "administrator", KEY, AuthFailure.SIG_MISMATCH);
    }

    @Test
    void shouldRejectWith70009WhenExpiryWasTamperedWith() {
        String realSig = TestUserSigs.signature(APP, KEY, "administrator", 60, NOW - 100);
        String tampered = TestUserSigs.encode(TestUserSigs.json(APP, "administrator", 86400, NOW - 100, realSig));
        assertCode(tampered, "administrator", KEY, AuthFailure.SIG_MISMATCH);
    }

    @Test
    void shouldRejectWith70013WhenIdentifierDiffers() {
        String sig = TestUserSigs.sign(APP, KEY, "alice", 86400, NOW);
        assertCode(sig, "administrator", KEY, AuthFailure.IDENTIFIER_MISMATCH);
    }

    @Test
    void shouldRejectWith70014WhenIssuedForAnotherApp() {
        String sig = TestUserSigs.sign(1400000002L, KEY, "administrator", 86400, NOW);
        assertCode(sig, "administrator", KEY, AuthFailure.APPID_MISMATCH);
    }

    private void assertCode(String sig, String identifier, String key, int code) {
        assertThatThrownBy(() -> verifier.verify(APP, identifier, sig, key))
                .isInstanceOfSatisfying(AuthFailure.class, f -> org.assertj.core.api.Assertions.assertThat(f.code()).isEqualTo(code));
    }
}

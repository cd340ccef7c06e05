package io.callstream.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tencentyun.TLSSigAPIv2;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** UserSigs made by Tencent's official {@code tls-sig-api-v2} Java library verify with our verifier. */
class TencentUserSigCompatibilityTest {

    static final long APP = 1400000001L;
    static final String KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    final UserSigVerifier verifier = new UserSigVerifier(Clock.systemUTC());

    @Test
    void shouldAcceptWhenSignedByTencentsLibrary() {
        String sig = new TLSSigAPIv2(APP, KEY).genUserSig("administrator", 86400);
        assertThatCode(() -> verifier.verify(APP, "administrator", sig, KEY)).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptWhenTencentsSigCarriesAUserBuffer() {
        String sig = new TLSSigAPIv2(APP, KEY).genPrivateMapKey("administrator", 86400, 1234, 255);
        assertThatCode(() -> verifier.verify(APP, "administrator", sig, KEY)).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectWith70009WhenTencentsSigUsedAnotherKey() {
        String sig = new TLSSigAPIv2(APP, "not-the-key").genUserSig("administrator", 86400);
        assertThatThrownBy(() -> verifier.verify(APP, "administrator", sig, KEY))
                .isInstanceOfSatisfying(AuthFailure.class, f -> assertThat(f.code()).isEqualTo(AuthFailure.SIG_MISMATCH));
    }
}

package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.common.auth.UserSigVerifier;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.config.Settings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code deploy/usersig.sh}: what it prints is accepted by the callbacks service's verifier with the key the launcher gives it. */
class UserSigMainTest {

    static final long NOW = 1_800_000_000L;
    final UserSigVerifier verifier = new UserSigVerifier(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private static StackConfig stack(Map<String, String> env) {
        return StackConfig.from(Settings.load(StackConfig.defaults(), Optional.empty(), env));
    }

    @Test
    void shouldSignForTheAdministratorWithTheLocalDemoKeyWhenNothingIsSet() {
        String sig = UserSigMain.userSig(new String[0], stack(Map.of()), NOW);

        assertThatCode(() -> verifier.verify(1400000001L, "administrator", sig, "callstream-local-demo-key"))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldSignWithTheOperatorsKeyAndAdministratorWhenTheyAreSet() {
        StackConfig c = stack(Map.of("CALLSTREAM_SDKAPPIDS", "1400000001,1400000002",
                "CALLSTREAM_CALLBACKS_SECRET_KEYS", "1400000002:my-key", "CALLSTREAM_CALLBACKS_ADMINS", "1400000002:ops"));

        String sig = UserSigMain.userSig(new String[] {"--sdkappid", "1400000002"}, c, NOW);

        assertThatCode(() -> verifier.verify(1400000002L, "ops", sig, "my-key")).doesNotThrowAnyException();
    }

    @Test
    void shouldNameTheMissingKeyWhenTheAppHasNone() {
        assertThatThrownBy(() -> UserSigMain.userSig(new String[] {"--sdkappid", "1400000009"}, stack(Map.of()), NOW))
                .hasMessage("no secret key for SDKAppID 1400000009 in CALLSTREAM_CALLBACKS_SECRET_KEYS");
    }
}

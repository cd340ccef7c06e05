package io.callstream.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The common parameters of an admin call, checked in the documented order, each failure with its code. */
class AdminAuthenticatorTest {

    static final long APP = 1400000001L;
    static final String KEY = "app-secret-key";
    static final long NOW = 1_764_000_000L;

    final AdminAuthenticator auth = new AdminAuthenticator(
            new AdminAccounts(Map.of(APP, Set.of("administrator")), Map.of(APP, KEY)),
            new UserSigVerifier(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC)),
            new FailureLimiter(AdminAuthenticator.DEFAULT_FAILURES_PER_MINUTE, () -> NOW * 1000));
    final RateLimiter generous = new RateLimiter(1000, () -> NOW * 1000);

    @Test
    void shouldReturnTheSdkAppIdWhenAnAdministratorSignedTheCall() throws AuthFailure {
        assertThat(auth.authenticate(query(Map.of()), "198.51.100.1", generous)).isEqualTo(APP);
    }

    @Test
    void shouldRefuseWith70402WhenACommonParameterIsMissingOrInvalid() {
        assertCode(query(Map.of("sdkappid", "")), AuthFailure.INVALID_PARAMETER, "sdkappid is missing");
        assertCode(query(Map.of("sdkappid", "-1")), AuthFailure.INVALID_PARAMETER, "sdkappid must be a positive integer");
        assertCode(query(Map.of("identifier", " ")), AuthFailure.INVALID_PARAMETER, "identifier is missing");
        assertCode(query(Map.of("random", "4294967296")), AuthFailure.INVALID_PARAMETER, "random must be an integer");
        assertCode(query(Map.of("contenttype", "xml")), AuthFailure.INVALID_PARAMETER, "contenttype must be json");
    }

    @Test
    void shouldRefuseWith70020WhenTheAppHasNoSecretKeyHere() {
        assertCode(query(Map.of("sdkappid", "1400000002")), AuthFailure.APP_NOT_FOUND, "SDKAppID 1400000002 is not configured");
    }

    @Test
    void shouldNotCountAnUnauthenticatedCallAgainstTheAppsRateWhenItsUserSigIsBad() throws AuthFailure {
        RateLimiter onePerSecond = new RateLimiter(1, () -> NOW * 1000);
        for (int i = 0; i < 120; i++) {
            assertThatThrownBy(() -> auth.authenticate(query(Map.of("usersig", "not-a-usersig")), "203.0.113.9", onePerSecond))
                    .isInstanceOf(AuthFailure.class);
        }

        assertThat(auth.authenticate(query(Map.of()), "198.51.100.1", onePerSecond)).isEqualTo(APP);
    }

    @Test
    void shouldRefuseWith60011WhenTheAuthenticatedAppExceedsItsRate() throws AuthFailure {
        RateLimiter onePerSecond = new RateLimiter(1, () -> NOW * 1000);
        auth.authenticate(query(Map.of()), "198.51.100.1", onePerSecond);

        assertThatThrownBy(() -> auth.authenticate(query(Map.of()), "198.51.100.1", onePerSecond))
                .isInstanceOfSatisfying(AuthFailure.class, f -> assertThat(f.code()).isEqualTo(AuthFailure.RATE_LIMITED));
    }

    @Test
    void shouldRefuseWith60011WhenOneSourceAddressFailedTooOftenButNotOtherSources() throws AuthFailure {
        for (int i = 0; i < AdminAuthenticator.DEFAULT_FAILURES_PER_MINUTE; i++) {
            assertThatThrownBy(() -> auth.authenticate(query(Map.of("usersig", "not-a-usersig")), "203.0.113.9", generous))
                    .isInstanceOfSatisfying(AuthFailure.class, f -> assertThat(f.code()).isEqualTo(AuthFailure.SIG_MALFORMED));
        }

        assertThatThrownBy(() -> auth.authenticate(query(Map.of()), "203.0.113.9", generous))
                .isInstanceOfSatisfying(AuthFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(AuthFailure.RATE_LIMITED);
                    assertThat(f.getMessage()).contains("203.0.113.9");
                });
        assertThat(auth.authenticate(query(Map.of()), "198.51.100.1", generous)).isEqualTo(APP);
    }

    @Test
    void shouldRefuseWith70009WhenTheUserSigWasSignedWithAnotherKey() {
        assertCode(query(Map.of("usersig", TestUserSigs.sign(APP, "another-key", "administrator", 86400, NOW))),
                AuthFailure.SIG_MISMATCH, "does not verify");
    }

    @Test
    void shouldRefuseWith70403WhenTheSignerIsNotAnAdministrator() {
        assertCode(query(Map.of("identifier", "alice", "usersig", TestUserSigs.sign(APP, KEY, "alice", 86400, NOW))),
                AuthFailure.NOT_ADMIN, "'alice' is not an administrator of SDKAppID 1400000001");
    }

    /** The common parameters of a valid call by the administrator, with some replaced. */
    private static java.util.function.UnaryOperator<String> query(Map<String, String> overrides) {
        Map<String, String> q = new HashMap<>(Map.of("sdkappid", String.valueOf(APP), "identifier", "administrator",
                "usersig", TestUserSigs.sign(APP, KEY, "administrator", 86400, NOW), "random", "99999999",
                "contenttype", "json"));
        q.putAll(overrides);
        return q::get;
    }

    private void assertCode(java.util.function.UnaryOperator<String> query, int code, String message) {
        assertThatThrownBy(() -> auth.authenticate(query, "198.51.100.1", generous)).isInstanceOfSatisfying(AuthFailure.class, f -> {
            assertThat(f.code()).isEqualTo(code);
            assertThat(f.getMessage()).contains(message);
        });
    }
}

package io.callstream.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.schemas.config.Settings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminAccountsTest {

    static final Map<String, String> DEFAULTS = Map.of("x.admins", "1400000001:administrator", "x.secret.keys", "");

    private static AdminAccounts load(Map<String, String> env) {
        return AdminAccounts.from(Settings.load(DEFAULTS, Optional.empty(), env), "x.admins", "x.secret.keys");
    }

    @Test
    void shouldKnowEveryAdministratorAndKeyWhenGivenByEnvironment() {
        AdminAccounts a = load(Map.of("CALLSTREAM_X_ADMINS", "1400000001:administrator, 1400000001:ops,1400000002:root",
                "CALLSTREAM_X_SECRET_KEYS", "1400000001:s3cr3t-key-one,1400000002:other"));

        assertThat(a.isAdmin(1400000001L, "ops")).isTrue();
        assertThat(a.isAdmin(1400000001L, "administrator")).isTrue();
        assertThat(a.isAdmin(1400000002L, "administrator")).isFalse();
        assertThat(a.secretKey(1400000001L)).contains("s3cr3t-key-one");
        assertThat(a.secretKey(1400000003L)).isEmpty();
    }

    @Test
    void shouldReadTheSameAccountsBackWhenWrittenAsSettings() {
        AdminAccounts a = load(Map.of("CALLSTREAM_X_ADMINS", "1400000002:root,1400000001:ops,1400000001:administrator",
                "CALLSTREAM_X_SECRET_KEYS", "1400000002:other,1400000001:one"));

        assertThat(a.adminsSetting()).isEqualTo("1400000001:administrator,1400000001:ops,1400000002:root");
        assertThat(a.secretKeysSetting()).isEqualTo("1400000001:one,1400000002:other");
        assertThat(load(Map.of("CALLSTREAM_X_ADMINS", a.adminsSetting(), "CALLSTREAM_X_SECRET_KEYS", a.secretKeysSetting())))
                .isEqualTo(a);
    }

    @Test
    void shouldNeverShowAKeyWhenPrinted() {
        AdminAccounts a = load(Map.of("CALLSTREAM_X_SECRET_KEYS", "1400000001:s3cr3t-key-one"));

        assertThat(a.toString()).doesNotContain("s3cr3t-key-one").contains("[1400000001]:****");
    }

    @Test
    void shouldNameTheSettingWithoutEchoingTheEntryWhenAnEntryHasNoAppId() {
        assertThatThrownBy(() -> load(Map.of("CALLSTREAM_X_SECRET_KEYS", "s3cr3t-key-one")))
                .hasMessageContaining("x.secret.keys").hasMessageContaining("CALLSTREAM_X_SECRET_KEYS")
                .hasMessageNotContaining("s3cr3t-key-one");
        assertThatThrownBy(() -> load(Map.of("CALLSTREAM_X_ADMINS", "app:administrator")))
                .hasMessageContaining("'app' is not a numeric SDKAppID");
    }
}

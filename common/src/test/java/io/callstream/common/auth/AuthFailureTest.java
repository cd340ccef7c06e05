package io.callstream.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthFailureTest {

    @Test
    void shouldGiveTheV1CodeOfTheSameMeaningWhenAV1ApiAnswers() {
        assertThat(AuthFailure.v1Code(AuthFailure.SIG_EXPIRED)).isEqualTo(70003);
        assertThat(AuthFailure.v1Code(AuthFailure.SIG_EMPTY)).isEqualTo(70002);
        assertThat(AuthFailure.v1Code(AuthFailure.SIG_MALFORMED)).isEqualTo(70002);
        assertThat(AuthFailure.v1Code(AuthFailure.SIG_MISMATCH)).isEqualTo(70002);
        assertThat(AuthFailure.v1Code(AuthFailure.IDENTIFIER_MISMATCH)).isEqualTo(70002);
        assertThat(AuthFailure.v1Code(AuthFailure.APPID_MISMATCH)).isEqualTo(70002);
        assertThat(AuthFailure.v1Code(AuthFailure.NOT_ADMIN)).isEqualTo(70004);
        assertThat(AuthFailure.v1Code(AuthFailure.RATE_LIMITED)).isEqualTo(70005);
        assertThat(AuthFailure.v1Code(AuthFailure.INVALID_PARAMETER)).isEqualTo(70001);
        assertThat(AuthFailure.v1Code(AuthFailure.APP_NOT_FOUND)).isEqualTo(70001);
    }
}

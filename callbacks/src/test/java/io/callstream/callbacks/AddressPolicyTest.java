package io.callstream.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    final AddressPolicy strict = new AddressPolicy(false);

    @Test
    void shouldRejectWhenSchemeIsNotHttp() {
        assertThatThrownBy(() -> strict.validateConfigured("ftp://example.com/cb"))
                .hasMessageContaining("must start with http or https");
    }

    @Test
    void shouldRejectPrivateAndLoopbackLiteralsWhenNotAllowed() {
        for (String a : new String[] {"http://127.0.0.1:8080/cb", "http://localhost/cb", "http://10.1.2.3/", "http://192.168.0.1/",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/cb", "http://[fd00::1]/", "http://100.64.0.1/", "http://0.0.0.0/"}) {
            assertThatThrownBy(() -> strict.validateConfigured(a)).as(a).hasMessageContaining("private");
        }
    }

    @Test
    void shouldAcceptPublicAndUnresolvedNamesWhenConfigured() {
        assertThatCode(() -> strict.validateConfigured("https://www.example.com/callback")).doesNotThrowAnyException();
        assertThatCode(() -> strict.validateConfigured("http://93.184.216.34/cb")).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptLoopbackWhenAllowed() {
        assertThatCode(() -> new AddressPolicy(true).validateConfigured("http://127.0.0.1:1/cb")).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseLoopbackDestinationWhenDelivering() {
        assertThatThrownBy(() -> strict.checkDestination(URI.create("http://127.0.0.1:9/cb"))).hasMessageContaining("private");
    }

    @Test
    void shouldTreatPrivateRangesAsPrivateWhenClassifying() throws Exception {
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("172.16.0.1"))).isTrue();
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("8.8.8.8"))).isFalse();
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
    }
}

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
    void shouldRejectATrailingDotLocalhostAndNonCanonicalNumericHostsWhenNotAllowed() {
        for (String a : new String[] {"http://LOCALHOST./cb", "http://localhost../cb", "http://0x7f000001/cb",
                "http://0177.0.0.1/cb", "http://2130706433/cb", "http://127.1/cb", "http://0x7f.0.0.1/cb"}) {
            // refused as private, or as no valid host where java.net.URI finds none
            assertThatThrownBy(() -> strict.validateConfigured(a)).as(a).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching(".*(private|no valid host).*");
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

    @Test
    void shouldTreatNat64And6to4AndIetfRangesAsPrivateWhenTheyEmbedOrAreReserved() throws Exception {
        for (String a : new String[] {"64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2002:a00:1::1",
                "2002:c0a8:101::", "192.0.0.1", "192.0.0.170", "::7f00:1", "64:ff9b:1::1", "2001:0:4136:e378:8000:63bf:80ff:fffe"}) {
            assertThat(AddressPolicy.isPrivate(InetAddress.getByName(a))).as(a).isTrue();
        }
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("64:ff9b::808:808"))).as("NAT64 of 8.8.8.8").isFalse();
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("2002:808:808::"))).as("6to4 of 8.8.8.8").isFalse();
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("2606:4700::1111"))).isFalse();
    }

    @Test
    void shouldRejectNat64And6to4LiteralsOfPrivateAddressesWhenConfigured() {
        for (String a : new String[] {"http://[64:ff9b::7f00:1]/cb", "http://[2002:a9fe:a9fe::]/", "http://192.0.0.8/"}) {
            assertThatThrownBy(() -> strict.validateConfigured(a)).as(a).hasMessageContaining("private");
        }
    }

    @Test
    void shouldRefuseTheDeploymentsOwnIngestWhenConfiguredOrDeliveredEvenWithPrivateAddressesAllowed() {
        AddressPolicy local = new AddressPolicy(true, java.util.List.of("127.0.0.1:8080", "ingest.callstream.test"));

        assertThatThrownBy(() -> local.validateConfigured("http://127.0.0.1:8080/callbacks/callkit")).hasMessageContaining("own");
        assertThatThrownBy(() -> local.validateConfigured("https://INGEST.callstream.test/callbacks/callkit")).hasMessageContaining("own");
        assertThatThrownBy(() -> local.checkDestination(URI.create("http://localhost:8080/callbacks/callkit")))
                .hasMessageContaining("own");
        assertThatCode(() -> local.validateConfigured("http://127.0.0.1:9000/cb")).doesNotThrowAnyException();
        assertThatCode(() -> local.checkDestination(URI.create("http://127.0.0.1:9000/cb"))).doesNotThrowAnyException();
    }

    @Test
    void shouldReturnTheCheckedAddressesWhenDelivering() throws Exception {
        assertThat(new AddressPolicy(true).checkDestination(URI.create("http://127.0.0.1:9000/cb")))
                .containsExactly(InetAddress.getByName("127.0.0.1"));
    }
}

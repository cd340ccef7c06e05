package io.callstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import io.callstream.avro.CallEvent;
import io.callstream.testkit.TlsFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client over HTTPS: trust from {@code schema.registry.ssl.truststore.*}, credentials under {@code schema.registry.*}. */
class RegistryTlsTest {

    @TempDir
    static Path dir;
    static TlsFiles tls;
    static HttpsServer server;
    static final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        tls = TlsFiles.generate(dir);
        server = tls.httpsServer();
        server.createContext("/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] out = "{\"id\":5}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static RestSchemaRegistryClient client(Map<String, String> extra) {
        Map<String, Object> p = new HashMap<>(Map.of(RegistryConfig.URL, "https://127.0.0.1:" + server.getAddress().getPort(),
                RegistryConfig.MAX_RETRIES, "0", RegistryConfig.REQUEST_TIMEOUT_MS, "5000"));
        p.putAll(extra);
        return new RestSchemaRegistryClient(RegistryConfig.from(p));
    }

    @Test
    void shouldRegisterOverHttpsWithCredentialsWhenTheCertificateIsInTheTrustStore() {
        int id = client(Map.of("schema.registry.ssl.truststore.location", tls.trustStore().toString(),
                "schema.registry.ssl.truststore.password", tls.password(),
                RegistryConfig.REGISTRY_BASIC_AUTH_USER_INFO, "fred:letmein"))
                .register("s", CallEvent.getClassSchema());

        assertThat(id).isEqualTo(5);
        assertThat(authorization.get()).isEqualTo("Basic ZnJlZDpsZXRtZWlu");
    }

    @Test
    void shouldFailWhenTheRegistryCertificateIsNotTrusted() {
        assertThatThrownBy(() -> client(Map.of()).register("s", CallEvent.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("unreachable");
    }

    @Test
    void shouldNameTheSettingWhenTheTrustStoreCannotBeRead() {
        assertThatThrownBy(() -> client(Map.of("schema.registry.ssl.truststore.location", "/no/such.p12")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schema.registry.ssl.truststore.location: cannot read /no/such.p12");
    }

    @Test
    void shouldPreferTheRegistryPrefixedCredentialsAndMaskSecretsWhenPrinted() {
        RegistryConfig c = RegistryConfig.from(Map.of(RegistryConfig.URL, "https://r", RegistryConfig.BASIC_AUTH_USER_INFO,
                "old:pw", RegistryConfig.REGISTRY_BASIC_AUTH_USER_INFO, "new:pw2",
                "schema.registry.ssl.truststore.location", "/t.p12", "schema.registry.ssl.truststore.password", "s3cret"));

        assertThat(c.basicAuthUserInfo()).contains("new:pw2");
        assertThat(c.toString()).contains("truststore.location=/t.p12").contains("truststore.password=****")
                .doesNotContain("s3cret").doesNotContain("pw2");
    }
}

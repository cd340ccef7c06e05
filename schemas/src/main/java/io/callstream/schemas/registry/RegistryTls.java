package io.callstream.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of the registry client from the {@code schema.registry.ssl.*} settings (Confluent's
 * names): {@code truststore.location}, {@code truststore.password}, {@code truststore.type} (the
 * registry's CA, when the JDK's default trust does not cover it) and {@code keystore.location},
 * {@code keystore.password}, {@code keystore.type}, {@code key.password} (a client certificate, for
 * registries that require one). Types default to PKCS12 (JKS files load too). Without any of them the
 * JDK's defaults apply. Host names are always verified.
 */
public final class RegistryTls {

    private RegistryTls() {
    }

    /** The context the settings ask for, or empty for the JDK's default. */
    public static Optional<SSLContext> context(Map<String, String> ssl) {
        if (!ssl.containsKey("truststore.location") && !ssl.containsKey("keystore.location")) {
            return Optional.empty();
        }
        try {
            TrustManagerFactory tmf = null;
            if (ssl.containsKey("truststore.location")) {
                KeyStore trust = load(ssl, "truststore");
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (ssl.containsKey("keystore.location")) {
                KeyStore keys = load(ssl, "keystore");
                String keyPassword = ssl.getOrDefault("key.password", ssl.getOrDefault("keystore.password", ""));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, keyPassword.toCharArray());
            }
            SSLContext context = SSLContext.getInstance(ssl.getOrDefault("protocol", "TLS"));
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return Optional.of(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("schema.registry.ssl.*: cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Map<String, String> ssl, String store) throws GeneralSecurityException, IOException {
        Path file = Path.of(ssl.get(store + ".location"));
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("schema.registry.ssl." + store + ".location: cannot read " + file);
        }
        KeyStore ks = KeyStore.getInstance(ssl.getOrDefault(store + ".type", "PKCS12"));
        String password = ssl.get(store + ".password");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password == null ? null : password.toCharArray());
        }
        return ks;
    }
}

package io.callstream.testkit;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost made with the JDK's {@code keytool}:
 * a PKCS12 key store holding the key pair (for a TLS server: the broker's listener, an HTTPS registry)
 * and a PKCS12 trust store holding only the certificate (for the clients). Files in {@code dir}.
 *
 * @param keyStore   the server's key pair, alias {@code server}
 * @param trustStore the certificate, alias {@code ca}
 * @param password   the password of both stores and of the key
 */
public record TlsFiles(Path keyStore, Path trustStore, String password) {

    /** Generates the two stores in {@code dir} (about a second: two keytool runs). */
    public static TlsFiles generate(Path dir) {
        String password = "changeit-" + Long.toHexString(System.nanoTime());
        Path keyStore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        Path trustStore = dir.resolve("truststore.p12");
        try {
            Files.createDirectories(dir);
            keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-alias", "server", "-rfc", "-file", cert.toString(), "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", password);
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", cert.toString(), "-storetype", "PKCS12",
                    "-keystore", trustStore.toString(), "-storepass", password);
        } catch (IOException e) {
            throw new UncheckedIOException("keytool failed", e);
        }
        return new TlsFiles(keyStore, trustStore, password);
    }

    /**
     * An HTTPS server on a free loopback port presenting this certificate, not yet started: add contexts,
     * then {@code start()}.
     */
    public HttpsServer httpsServer() throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                ks.load(in, password.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(ctx));
            return server;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the key store " + keyStore, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

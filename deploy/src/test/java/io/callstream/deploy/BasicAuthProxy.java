package io.callstream.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import io.callstream.testkit.TlsFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A registry that demands HTTPS and basic auth, for tests: a tiny reverse proxy in front of the test
 * Apicurio registry (enabling Apicurio's own authentication needs an OIDC server). It answers 401
 * without the right {@code Authorization} and forwards everything else (method, path, query, body,
 * content type) to the registry, answering what it answered.
 */
final class BasicAuthProxy implements AutoCloseable {

    private final HttpsServer server;
    private final HttpClient upstream = HttpClient.newHttpClient();
    private final String origin;
    private final String expected;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** @param registryUrl the registry's URL (its scheme, host and port are kept; paths pass through) */
    BasicAuthProxy(String registryUrl, TlsFiles tls, String user, String password) throws IOException {
        URI u = URI.create(registryUrl);
        this.origin = u.getScheme() + "://" + u.getRawAuthority();
        this.expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = tls.httpsServer();
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The proxy's URL for {@code path} of the registry URL (e.g. {@code /apis/ccompat/v7}). */
    String url(String registryUrl) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + URI.create(registryUrl).getRawPath();
    }

    long forwarded() {
        return forwarded.get();
    }

    long refused() {
        return refused.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                answer(ex, 401, "application/json", "{\"error_code\":401,\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(origin + ex.getRequestURI().toString()))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : List.of("Content-Type", "Accept")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    req.header(h, v);
                }
            }
            HttpResponse<byte[]> res = upstream.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.incrementAndGet();
            answer(ex, res.statusCode(), res.headers().firstValue("Content-Type").orElse("application/json"), res.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

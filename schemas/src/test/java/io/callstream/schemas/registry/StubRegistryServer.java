package io.callstream.schemas.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted HTTP server on 127.0.0.1 standing in for a registry: canned answers, recorded requests. */
final class StubRegistryServer implements AutoCloseable {

    record Request(String method, String path, String authorization, String contentType, String body) {
    }

    record Answer(int status, String body, long delayMs) {
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Answer fallback = new Answer(404, "{\"error_code\":40401,\"message\":\"no script\"}", 0);

    StubRegistryServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Answer a;
            synchronized (script) {
                a = script.isEmpty() ? fallback : script.poll();
            }
            if (a.delayMs() > 0) {
                try {
                    Thread.sleep(a.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(a.status(), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    StubRegistryServer then(int status, String body) {
        synchronized (script) {
            script.add(new Answer(status, body, 0));
        }
        return this;
    }

    StubRegistryServer thenSlow(long delayMs, int status, String body) {
        synchronized (script) {
            script.add(new Answer(status, body, delayMs));
        }
        return this;
    }

    StubRegistryServer always(int status, String body) {
        fallback = new Answer(status, body, 0);
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

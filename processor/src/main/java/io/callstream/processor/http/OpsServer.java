package io.callstream.processor.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The processor's small HTTP port (JDK HttpServer, one thread): {@code GET /health/live} (200 unless
 * Kafka Streams is dead: ERROR, NOT_RUNNING, or no live stream thread; see {@link StreamsHealth}),
 * {@code GET /health/ready} (200 only while Kafka Streams is RUNNING, else 503) and {@code GET /metrics}
 * (Prometheus text). Each probe answers JSON, {@code {"status":"UP"|"DOWN","state":…,"liveStreamThreads":…}}. And the call-records API when given its contexts.
 */
public final class OpsServer implements AutoCloseable {

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm and the
        // client's delayed ACK every small answer then waits ~40 ms. Read once, when the server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code host:port} (0 = a free port) and starts serving. */
    public static OpsServer start(String host, int port, Supplier<StreamsHealth> health,
                                  PrometheusMeterRegistry metrics) {
        return start(host, port, health, metrics, Map.of(), 1);
    }

    /**
     * As above, plus more contexts (path prefix → handler, e.g. the call-records API) served by
     * {@code threads} threads: a records query may wait for another instance's answer, so one thread is not enough.
     */
    public static OpsServer start(String host, int port, Supplier<StreamsHealth> health,
                                  PrometheusMeterRegistry metrics, Map<String, HttpHandler> contexts, int threads) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            server.createContext("/health/live", ex -> {
                StreamsHealth h = health.get();
                reply(ex, h.live() ? 200 : 503, "application/json", healthJson(h.live(), h));
            });
            server.createContext("/health/ready", ex -> {
                StreamsHealth h = health.get();
                reply(ex, h.ready() ? 200 : 503, "application/json", healthJson(h.ready(), h));
            });
            server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape()));
            String openapi = openapiDocument();
            server.createContext("/openapi", ex -> reply(ex, ex.getRequestURI().getPath().equals("/openapi") ? 200 : 404,
                    "application/yaml", openapi));
            contexts.forEach(server::createContext);
            ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "processor-http");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.start();
            return new OpsServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind processor HTTP port " + host + ":" + port, e);
        }
    }

    /**
     * The health answer every callstream service gives: {@code {"status":"UP"|"DOWN", ...what was checked}};
     * here the Kafka Streams state and, when known, the live stream threads.
     */
    static String healthJson(boolean up, StreamsHealth h) {
        return "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"state\":\"" + h.state() + "\""
                + h.liveThreads().map(n -> ",\"liveStreamThreads\":" + n).orElse("") + "}";
    }

    /** The processor's OpenAPI 3.1 document (records API, console API, health, metrics), served at {@code GET /openapi}. */
    static String openapiDocument() {
        try (java.io.InputStream in = OpsServer.class.getResourceAsStream("/openapi/processor.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi/processor.yaml missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int status, String contentType, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

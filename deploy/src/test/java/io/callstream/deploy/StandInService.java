package io.callstream.deploy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Test-only stand-ins for the services (the real ones are other modules): serve
 * {@code /health/ready} on the port the launcher passes, and stop on SIGTERM like a service.
 */
public final class StandInService {

    private StandInService() {
    }

    static void serve(String portVariable) throws IOException {
        int port = Integer.parseInt(System.getenv(portVariable));
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getenv("CALLSTREAM_HTTP_HOST"), port), 0);
        server.createContext("/health/ready", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        byte[] ok = "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/callbacks/callkit", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("stand-in up on " + port + " with " + System.getenv("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS"));
    }

    /** Plays ingest: port from CALLSTREAM_HTTP_PORT. */
    public static final class Ingest {
        public static void main(String[] args) throws IOException {
            serve("CALLSTREAM_HTTP_PORT");
        }
    }

    /** Plays processor: port from CALLSTREAM_PROCESSOR_PORT. */
    public static final class Processor {
        public static void main(String[] args) throws IOException {
            serve("CALLSTREAM_PROCESSOR_PORT");
        }
    }

    /** Plays callbacks: port from CALLSTREAM_CALLBACKS_HTTP_PORT. */
    public static final class Callbacks {
        public static void main(String[] args) throws IOException {
            serve("CALLSTREAM_CALLBACKS_HTTP_PORT");
        }
    }
}

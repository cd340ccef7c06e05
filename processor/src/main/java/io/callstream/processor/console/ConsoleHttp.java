package io.callstream.processor.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live call console on the processor's HTTP port: {@code GET /console/} (the page and its scripts,
 * from the jar's {@code console/} resources), {@code GET /console/api/stream} (server-sent events,
 * {@link ConsoleHub}), {@code GET /console/api/local} (this instance's figures, for peers) and
 * {@code GET /console/api/call?callId=…} (a call's timeline and summary revisions, {@link CallLookup}).
 */
public final class ConsoleHttp {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHttp.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "md", "text/plain; charset=utf-8",
            "png", "image/png", "svg", "image/svg+xml");

    private final ConsoleHub hub;
    private final CallLookup lookup;

    public ConsoleHttp(ConsoleHub hub, CallLookup lookup) {
        this.hub = hub;
        this.lookup = lookup;
    }

    /** The HTTP contexts to mount: path prefix → handler. */
    public Map<String, HttpHandler> contexts() {
        Map<String, HttpHandler> m = new LinkedHashMap<>();
        m.put("/console", this::file);
        m.put("/console/api/", this::api);
        return m;
    }

    private void file(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/console")) {
                ex.getResponseHeaders().set("Location", "/console/");
                ex.sendResponseHeaders(302, -1);
                return;
            }
            String name = path.equals("/console/") ? "index.html" : path.substring("/console/".length());
            if (name.contains("..") || name.startsWith("/")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            try (InputStream in = ConsoleHttp.class.getResourceAsStream("/console/" + name)) {
                if (in == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = in.readAllBytes();
                String ext = name.substring(name.lastIndexOf('.') + 1);
                ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
                ex.getResponseHeaders().set("Cache-Control", "no-cache");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private void api(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!"GET".equals(ex.getRequestMethod())) {
            try (ex) {
                ex.sendResponseHeaders(405, -1);
            }
            return;
        }
        switch (path) {
            case "/console/api/stream" -> hub.listen(ex); // stays open: the hub writes and closes it
            case ConsoleHub.LOCAL_PATH -> json(ex, 200, JSON.writeValueAsBytes(hub.local()));
            case "/console/api/call" -> call(ex);
            default -> {
                try (ex) {
                    ex.sendResponseHeaders(404, -1);
                }
            }
        }
    }

    private void call(HttpExchange ex) throws IOException {
        String callId = param(ex.getRequestURI().getRawQuery(), "callId");
        if (callId == null || callId.isBlank()) {
            json(ex, 400, JSON.writeValueAsBytes(Map.of("error", "callId: missing required parameter")));
            return;
        }
        try {
            json(ex, 200, JSON.writeValueAsBytes(lookup.lookup(callId.trim())));
        } catch (RuntimeException e) {
            LOG.warn("Console lookup of call {} failed: {}", callId, e.toString());
            json(ex, 503, JSON.writeValueAsBytes(Map.of("error", "cannot read the call from Kafka now: " + e.getMessage())));
        }
    }

    static String param(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void json(HttpExchange ex, int status, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}

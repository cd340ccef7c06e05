package io.callstream.callbacks.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real HTTP callback receiver on loopback: records every request; {@code /hang/*} never answers,
 * {@code /flaky/*} answers 503 three times then 200, {@code /toggle/*} 503 until {@link #heal()},
 * {@code /gone/*} 410 until {@link #healGone()},
 * anything else 200 with the Tencent OK answer.
 */
final class Receiver {

    record Received(String path, Map<String, String> query, JsonObject body, int answeredStatus, Map<String, String> headers) {

        Received(String path, Map<String, String> query, JsonObject body, int answeredStatus) {
            this(path, query, body, answeredStatus, Map.of());
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> flakyCalls = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean healed = new java.util.concurrent.atomic.AtomicBoolean();
    private HttpServer server;

    private final java.util.concurrent.atomic.AtomicBoolean goneHealed = new java.util.concurrent.atomic.AtomicBoolean();

    /** {@code /gone/*} answers 200 from now on (410 before). */
    void healGone() {
        goneHealed.set(true);
    }

    void heal() {
        healed.set(true);
    }

    Receiver start(Vertx vertx) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(buf -> {
            Map<String, String> query = req.params().entries().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b));
            String path = req.path();
            if (path.startsWith("/hang")) {
                received.add(new Received(path, query, buf.toJsonObject(), 0));
                return;
            }
            int status = 200;
            if (path.startsWith("/flaky") && flakyCalls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet() <= 3) {
                status = 503;
            }
            if (path.startsWith("/gone") && !goneHealed.get()) {
                status = 410;
            }
            if (path.startsWith("/toggle") && !healed.get()) {
                status = 503;
            }
            Map<String, String> headers = new java.util.HashMap<>();
            req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
            received.add(new Received(path, query, buf.toJsonObject(), status, headers));
            req.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .end("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    List<Received> delivered(String path) {
        return at(path).stream().filter(r -> r.answeredStatus() == 200).toList();
    }
}

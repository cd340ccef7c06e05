package io.callstream.deploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generator against a real loopback HTTP server that plays ingest. */
class LoadGeneratorTest {

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    private String serve(Function<HttpExchange, Integer> status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/callbacks/callkit", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            queries.add(ex.getRequestURI().getQuery());
            int code = status.apply(ex);
            byte[] answer = "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}".getBytes(StandardCharsets.UTF_8);
            if (code == 503) {
                ex.getResponseHeaders().add("Retry-After", "0");
            }
            ex.sendResponseHeaders(code, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static TrafficPlan plan(long calls) {
        return new TrafficPlan(new CallFactory(9, "lg", 1_800_000_000L, 100), TrafficMix.defaults(), calls, 10, 9, false);
    }

    private static LoadReport run(String url, double rate, java.util.Iterator<WebhookRequest> plan) {
        LoadGenerator g = new LoadGenerator(new LoadGenerator.Options(url, 1400000001L, rate, 16,
                Duration.ofSeconds(10), 3));
        try {
            return g.run(plan, Optional.empty());
        } finally {
            g.close();
        }
    }

    @Test
    void shouldAcknowledgeEveryWebhookWhenTheIngestAnswers200() throws IOException {
        String url = serve(ex -> 200);
        TrafficPlan plan = plan(50);

        LoadReport report = run(url, 0, plan);

        assertThat(report.sent()).isEqualTo(bodies.size()).isGreaterThan(100);
        assertThat(report.acknowledged()).isEqualTo(report.sent());
        assertThat(report.rejected() + report.errors()).isZero();
        assertThat(report.latency().count()).isEqualTo(report.sent());
        assertThat(report.statusCounts()).isEqualTo(Map.of(200, report.sent()));
        assertThat(queries).allMatch(q -> q.startsWith("sdkappid=1400000001&command=") && q.contains("&contenttype=json"));
        assertThat(bodies).allMatch(b -> b.startsWith("{\"UserId\":"));
    }

    @Test
    void shouldRetryAndStillAcknowledgeWhenTheIngestAnswers503First() throws IOException {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        String url = serve(ex -> attempts.computeIfAbsent(ex.getRequestURI().toString() + bodies.get(bodies.size() - 1),
                k -> new AtomicInteger()).incrementAndGet() == 1 ? 503 : 200);

        LoadReport report = run(url, 0, plan(10));

        assertThat(report.acknowledged()).isEqualTo(report.sent());
        assertThat(report.retries()).isPositive();
    }

    @Test
    void shouldCountRejectionsWhenTheIngestAnswers400() throws IOException {
        String url = serve(ex -> 400);

        LoadReport report = run(url, 0, plan(5));

        assertThat(report.rejected()).isEqualTo(report.sent());
        assertThat(report.acknowledged()).isZero();
        assertThat(report.retries()).isZero();
        assertThat(report.statusCounts()).containsOnlyKeys(400);
    }

    @Test
    void shouldCountErrorsWhenNothingListens() throws IOException {
        String url = serve(ex -> 200);
        server.stop(0);
        server = null;

        LoadReport report = run(url, 0, plan(2));

        assertThat(report.errors()).isEqualTo(report.sent());
    }

    @Test
    void shouldKeepToTheScheduleWhenARateIsSet() throws IOException {
        String url = serve(ex -> 200);

        LoadReport report = run(url, 200, plan(20));

        // open loop at 200/s: the last request is scheduled at (n-1)/200 s after the start
        assertThat(report.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis((report.sent() - 1) * 5));
        assertThat(report.render()).contains("target 200");
    }

    @Test
    void shouldDeliverEachCallsCallbacksInThePlannedOrderWhenRequestsRunConcurrently() throws IOException {
        java.util.Random jitter = new java.util.Random(5);
        String url = serve(ex -> {
            // a slow, uneven server, so that concurrent requests would overtake each other
            java.util.concurrent.locks.LockSupport.parkNanos(jitter.nextInt(3_000_000));
            return 200;
        });
        List<WebhookRequest> planned = new java.util.ArrayList<>();
        plan(40).forEachRemaining(planned::add);

        LoadReport report = run(url, 0, planned.iterator());

        assertThat(report.acknowledged()).isEqualTo(planned.size());
        Map<String, List<String>> sentOrder = new java.util.HashMap<>();
        planned.forEach(w -> sentOrder.computeIfAbsent(w.callId(), k -> new java.util.ArrayList<>()).add(w.body()));
        Map<String, List<String>> arrivalOrder = new java.util.HashMap<>();
        bodies.forEach(b -> arrivalOrder.computeIfAbsent(callIdOf(b), k -> new java.util.ArrayList<>()).add(b));
        assertThat(arrivalOrder).isEqualTo(sentOrder);
    }

    private static String callIdOf(String body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"CallId\":\"([^\"]+)\"").matcher(body);
        return m.find() ? m.group(1) : "";
    }
}

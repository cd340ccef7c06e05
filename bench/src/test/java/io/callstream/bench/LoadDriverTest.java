package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.testkit.FreePorts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadDriverTest {

    private final Vertx server = Vertx.vertx();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldSendEveryScheduledRequestAndCountAnswersWhenServerIsUp() throws Exception {
        int port = FreePorts.pick();
        server.deployVerticle(() -> new BareServer(port), new DeploymentOptions())
                .toCompletionStage().toCompletableFuture().get();
        Webhooks hooks = new Webhooks(10);

        LoadResult result;
        try (LoadDriver driver = new LoadDriver("http://127.0.0.1:" + port + "/callbacks/callkit?" + Webhooks.QUERY, 4)) {
            result = driver.run(400, 1, hooks::body);
        }

        assertThat(result.sent()).isEqualTo(400);
        assertThat(result.ok()).isEqualTo(400);
        assertThat(result.errors()).isZero();
        assertThat(result.p50Micros()).isPositive();
        assertThat(result.p99Micros()).isGreaterThanOrEqualTo(result.p50Micros());
    }

    @Test
    void shouldCountFailuresWhenNothingListens() throws Exception {
        int port = FreePorts.pick();

        LoadResult result;
        try (LoadDriver driver = new LoadDriver("http://127.0.0.1:" + port + "/callbacks/callkit", 2)) {
            result = driver.run(50, 0.2, i -> io.vertx.core.buffer.Buffer.buffer("{}"));
        }

        assertThat(result.ok()).isZero();
        assertThat(result.errors()).isEqualTo(result.sent());
        assertThat(result.sustained()).isFalse();
    }

    @Test
    void shouldBuildValidJsonBodiesForEveryCallback() {
        Webhooks hooks = new Webhooks(3);

        for (int i = 0; i < 18; i++) {
            var json = hooks.body(i).toJsonObject();
            assertThat(json.getString("CallId")).startsWith("bench-");
            assertThat(json.getString("Event")).isNotBlank();
            assertThat(json.getLong("EventTime")).isPositive();
        }
        assertThat(hooks.body(0).toJsonObject().getString("Event")).isEqualTo("start_call");
        assertThat(hooks.body(5).toJsonObject().getString("Role")).isEqualTo("callee");
    }

    @Test
    void shouldSendEachRequestWithItsOwnQueryWhenTheRequestsGiveOne() throws Exception {
        int port = FreePorts.pick();
        List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createHttpServer().requestHandler(req -> {
            queries.add(req.query());
            req.response().end("{}");
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        Webhooks hooks = new Webhooks(2, Webhooks.Format.V4);

        LoadResult result;
        try (LoadDriver driver = new LoadDriver("http://127.0.0.1:" + port + "/callbacks/callkit?" + Webhooks.QUERY, 2)) {
            result = driver.run(80, 0.1, hooks);
        }

        assertThat(result.ok()).isEqualTo(8);
        assertThat(queries).hasSize(8).allMatch(q -> q.startsWith("SdkAppid=1400000001&CallbackCommand=Call.CallbackAfter"))
                .anyMatch(q -> q.contains("CallbackCommand=Call.CallbackAfterEndCall&"));
    }

    @Test
    void shouldBuildV4BodiesWithTheirOwnQueryWhenTheFormatIsV4() {
        Webhooks hooks = new Webhooks(3, Webhooks.Format.V4);

        for (int i = 0; i < 12; i++) {
            var json = hooks.body(i).toJsonObject();
            assertThat(hooks.query(i)).startsWith("SdkAppid=1400000001&CallbackCommand=" + json.getString("CallbackCommand")
                    + "&contenttype=json&ClientIP=");
            assertThat(json.getLong("EventTime")).isGreaterThan(100_000_000_000L);
        }
        assertThat(hooks.body(3).toJsonObject().getJsonObject("CallRecord").getJsonArray("CalleeList_Account"))
                .containsExactly("alice-0", "bob-0");
        assertThat(new Webhooks(3).query(5)).isEqualTo(Webhooks.QUERY);
    }

    @Test
    void shouldMapEveryV4BodyAsItsFamilyWhenIngestReadsIt() {
        Webhooks hooks = new Webhooks(2, Webhooks.Format.V4);
        var mapper = new io.callstream.ingest.mapping.WebhookMapper(java.time.Clock.systemUTC());
        List<String> families = new java.util.ArrayList<>();

        for (int i = 0; i < 8; i++) {
            String command = hooks.query(i).replaceAll(".*CallbackCommand=([^&]+).*", "$1");
            var e = mapper.map(new io.callstream.ingest.mapping.Webhook(1400000001L, command, "127.0.0.1", "iOS",
                    hooks.body(i).getBytes()));
            assertThat(e.getExtra()).isEmpty();
            families.add(e.getFamily().name());
        }
        assertThat(families.subList(0, 4)).containsExactly("V4_START_CALL", "V4_MEMBER_CHANGED", "V4_MEMBER_CHANGED",
                "V4_END_CALL");
    }

    @Test
    void shouldSpreadRequestsEvenlyOverEveryServerWhenGivenSeveralUrls() throws Exception {
        List<Integer> ports = List.of(FreePorts.pick(), FreePorts.pick());
        java.util.Map<Integer, java.util.concurrent.atomic.AtomicInteger> hits = new java.util.concurrent.ConcurrentHashMap<>();
        for (int port : ports) {
            hits.put(port, new java.util.concurrent.atomic.AtomicInteger());
            server.createHttpServer().requestHandler(req -> {
                hits.get(port).incrementAndGet();
                req.response().end("{}");
            }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        }

        LoadResult result;
        try (LoadDriver driver = new LoadDriver(ports.stream()
                .map(p -> "http://127.0.0.1:" + p + "/callbacks/callkit?" + Webhooks.QUERY).toList(), 4)) {
            result = driver.run(200, 0.5, new Webhooks(10));
        }

        assertThat(result.ok()).isEqualTo(100);
        assertThat(hits.get(ports.get(0)).get()).isEqualTo(50);
        assertThat(hits.get(ports.get(1)).get()).isEqualTo(50);
    }
}

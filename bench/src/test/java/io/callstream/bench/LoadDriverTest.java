package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.testkit.FreePorts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
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
}

package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.callbacks.AddressPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One attempt against a real loopback server: status, bounds, timeouts and the SSRF refusal. */
class CallbackSenderTest {

    Vertx vertx;
    HttpServer server;
    ExecutorService executor = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/ok" -> req.response().end("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
                case "/busy" -> req.response().setStatusCode(503).end();
                case "/gone" -> req.response().setStatusCode(404).end();
                case "/huge" -> req.response().end("x".repeat(1_000_000));
                default -> { } // /hang: never answers
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
        executor.shutdownNow();
    }

    @Test
    void shouldReportDeliveredWhenReceiverAnswers200() {
        assertThat(send(true, "/ok", 65536).delivered()).isTrue();
    }

    @Test
    void shouldReportDeliveredWithoutReadingItAllWhenResponseBodyIsHuge() {
        assertThat(send(true, "/huge", 65536).delivered()).isTrue();
    }

    @Test
    void shouldBeRetryableWhenReceiverAnswers503AndNotWhen404() {
        assertThat(send(true, "/busy", 65536).retryable()).isTrue();
        CallbackSender.Attempt gone = send(true, "/gone", 65536);
        assertThat(gone.delivered()).isFalse();
        assertThat(gone.retryable()).isFalse();
    }

    @Test
    void shouldTimeOutRetryablyWhenReceiverNeverAnswers() {
        CallbackSender.Attempt a = send(true, "/hang", 65536, Duration.ofMillis(300));
        assertThat(a.retryable()).isTrue();
        assertThat(a.describe()).containsIgnoringCase("timed out");
    }

    @Test
    void shouldRefuseWithoutSendingWhenBodyExceedsTheLimit() {
        CallbackSender.Attempt a = send(true, "/ok", 100);
        assertThat(a.refused()).isTrue();
        assertThat(a.retryable()).isFalse();
    }

    @Test
    void shouldRefuseLoopbackWhenPrivateAddressesAreNotAllowed() {
        CallbackSender.Attempt a = send(false, "/ok", 65536);
        assertThat(a.refused()).isTrue();
        assertThat(a.describe()).contains("private");
    }

    private CallbackSender.Attempt send(boolean allowPrivate, String path, int maxBody) {
        return send(allowPrivate, path, maxBody, Duration.ofSeconds(10));
    }

    private CallbackSender.Attempt send(boolean allowPrivate, String path, int maxBody, Duration timeout) {
        CallEvent e = CallEvent.newBuilder(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1))
                .setExtra(Map.of("Pad", "\"" + "p".repeat(200) + "\"")).build();
        CallbackSender sender = new CallbackSender(new AddressPolicy(allowPrivate), timeout, maxBody, executor);
        return sender.send(CallbackRequest.v1(e, "http://127.0.0.1:" + server.actualPort() + path, V1Callbacks.of(e).get(0))).join();
    }
}

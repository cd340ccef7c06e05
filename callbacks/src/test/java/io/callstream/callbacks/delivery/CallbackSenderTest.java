package io.callstream.callbacks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.callbacks.AddressPolicy;
import io.callstream.callbacks.SigningSecrets;
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
    volatile io.vertx.core.MultiMap seen;
    volatile String seenBody;
    static final byte[] SECRET = "a-32-byte-long-signing-secret!!!".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    static final String WHSEC = "whsec_" + java.util.Base64.getEncoder().encodeToString(SECRET);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/ok" -> req.response().end("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
                case "/busy" -> req.response().setStatusCode(503).end();
                case "/gone" -> req.response().setStatusCode(404).end();
                case "/slow-down" -> req.response().setStatusCode(429).putHeader("Retry-After", "120").end();
                case "/headers" -> req.body().onSuccess(b -> {
                    seen = req.headers().copy();
                    seenBody = b.toString();
                    req.response().end();
                });
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

    @Test
    void shouldCarryAStableIdATimestampAndAStandardWebhooksSignatureWhenTheAppHasASecret() throws Exception {
        CallbackSender.Attempt a = send(sender(new AddressPolicy(true), Duration.ofSeconds(10), 65536,
                SigningSecrets.parse(CallEvents.APP + ":" + WHSEC)), "http://127.0.0.1:" + server.actualPort() + "/headers");

        assertThat(a.delivered()).isTrue();
        String id = seen.get("webhook-id");
        String timestamp = seen.get("webhook-timestamp");
        assertThat(id).startsWith("msg_").isEqualTo(request("http://127.0.0.1:" + server.actualPort() + "/headers").deliveryId());
        assertThat(Long.parseLong(timestamp)).isCloseTo(java.time.Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        String expected = java.util.Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + seenBody)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(seen.get("webhook-signature")).isEqualTo("v1," + expected);
        assertThat(seen.get(CallbackSender.LOOP_HEADER)).isEqualTo(id);
    }

    @Test
    void shouldSignWithBothSecretsSpaceSeparatedWhenASecretIsBeingRotated() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString("another-secret-of-32-bytes-long!".getBytes());
        send(sender(new AddressPolicy(true), Duration.ofSeconds(10), 65536, SigningSecrets.parse(CallEvents.APP + ":" + WHSEC + " " + other)),
                "http://127.0.0.1:" + server.actualPort() + "/headers");

        assertThat(seen.get("webhook-signature").split(" ")).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
    }

    @Test
    void shouldSendNoSignatureButAnIdWhenTheAppHasNoSecret() {
        send(true, "/headers", 65536);

        assertThat(seen.get("webhook-signature")).isNull();
        assertThat(seen.get("webhook-id")).startsWith("msg_");
    }

    @Test
    void shouldConnectToTheCheckedAddressWhenTheNameWouldResolveDifferentlyLater() {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        AddressPolicy rebinding = new AddressPolicy(true, java.util.List.of(), host -> {
            lookups.incrementAndGet();
            return new java.net.InetAddress[] {java.net.InetAddress.getByName("127.0.0.1")};
        });

        CallbackSender.Attempt a = send(sender(rebinding, Duration.ofSeconds(10), 65536, SigningSecrets.none()),
                "http://callback.rebinding.invalid:" + server.actualPort() + "/headers");

        assertThat(a.delivered()).as(a.describe()).isTrue();
        assertThat(lookups).hasValue(1);
        assertThat(seen.get("Host")).isEqualTo("callback.rebinding.invalid:" + server.actualPort());
    }

    @Test
    void shouldReportRetryAfterWhenReceiverAnswers429() {
        CallbackSender.Attempt a = send(true, "/slow-down", 65536);

        assertThat(a.retryable()).isTrue();
        assertThat(a.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    private CallbackSender sender(AddressPolicy policy, Duration timeout, int maxBody, SigningSecrets secrets) {
        return new CallbackSender(vertx, policy, timeout, maxBody, executor, secrets, java.time.Clock.systemUTC());
    }

    private CallbackSender.Attempt send(CallbackSender sender, String url) {
        return sender.send(request(url)).join();
    }

    private static CallbackRequest request(String url) {
        CallEvent e = CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1);
        return CallbackRequest.v1(e, url, V1Callbacks.of(e).get(0));
    }

    private CallbackSender.Attempt send(boolean allowPrivate, String path, int maxBody) {
        return send(allowPrivate, path, maxBody, Duration.ofSeconds(10));
    }

    private CallbackSender.Attempt send(boolean allowPrivate, String path, int maxBody, Duration timeout) {
        CallEvent e = CallEvent.newBuilder(CallEvents.event("c1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1))
                .setExtra(Map.of("Pad", "\"" + "p".repeat(200) + "\"")).build();
        CallbackSender sender = sender(new AddressPolicy(allowPrivate), timeout, maxBody, SigningSecrets.none());
        return sender.send(CallbackRequest.v1(e, "http://127.0.0.1:" + server.actualPort() + path, V1Callbacks.of(e).get(0))).join();
    }
}

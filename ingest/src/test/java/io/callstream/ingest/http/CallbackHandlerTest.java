package io.callstream.ingest.http;

import io.callstream.testkit.OpenApiValidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.avro.HttpRequestOrigin;
import io.callstream.ingest.IngestServer;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.ingest.error.ErrorCode;
import io.callstream.schemas.DeadLetterHeaders;
import io.callstream.ingest.fixtures.Callbacks;
import io.callstream.ingest.fixtures.StubRegistry;
import io.callstream.schemas.registry.InMemorySchemaRegistry;
import io.callstream.schemas.serde.AvroSerde;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP surface of ingest on a real Vert.x server, with Kafka's MockProducer and the mock:// registry. */
@ExtendWith(VertxExtension.class)
class CallbackHandlerTest {

    private static final String URI = "/callbacks/callkit?sdkappid=" + Callbacks.SDK_APP_ID
            + "&command=caller_start_call&contenttype=json&clientip=10.0.0.7&optplatform=Android";

    private final String registryUrl = "mock://handler-" + UUID.randomUUID();
    private MockProducer<String, byte[]> producer;
    private IngestServer server;
    private WebClient client;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        InMemorySchemaRegistry.drop(registryUrl.substring("mock://".length()));
    }

    private void start(Vertx vertx, boolean autoAck, Map<String, String> overrides) {
        start(vertx, autoAck, overrides, IngestServer.builder(config(overrides)));
    }

    private void start(Vertx vertx, boolean autoAck, Map<String, String> overrides, IngestServer.Builder builder) {
        producer = new MockProducer<>(autoAck, null, new StringSerializer(), new ByteArraySerializer());
        server = builder.vertx(vertx).producer(producer).start();
        client = WebClient.create(vertx);
    }

    private IngestConfig config(Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>(Map.of("http.host", "127.0.0.1", "http.port", "0",
                "kafka.bootstrap.servers", "127.0.0.1:1", "schema.registry.url", registryUrl,
                "sdkappids", Callbacks.SDK_APP_ID + ",42", "ingest.health.interval", "1s"));
        m.putAll(overrides);
        return IngestConfig.of(m);
    }

    @Test
    void shouldAnswerOkOnlyAfterBrokerAckWhenCallbackIsValid(Vertx vertx) throws Exception {
        start(vertx, false, Map.of());

        CompletableFuture<HttpResponse<Buffer>> answer = post(URI, Callbacks.startCall("call-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        assertThat(answer).isNotDone();
        producer.completeNext();

        HttpResponse<Buffer> r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
        ProducerRecord<String, byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo("call-events");
        assertThat(record.key()).isEqualTo("call-1");
        CallEvent event = decode(record.value());
        assertThat(event.getCallId()).isEqualTo("call-1");
        assertThat(event.getEvent()).isEqualTo(CallEventType.START_CALL);
        assertThat(event.getSdkAppId()).isEqualTo(Callbacks.SDK_APP_ID);
        assertThat(event.getCommand()).isEqualTo("caller_start_call");
        assertThat(event.getClientIp()).isEqualTo("10.0.0.7");
        assertThat(event.getPlatform()).isEqualTo("Android");
    }

    @Test
    void shouldAnswer421AndWriteNothingWhenTheRequestIsACallbackFromThisDeployment(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> r = client.post(server.port(), "127.0.0.1", URI).putHeader("Content-Type", "application/json")
                .putHeader("X-Callstream-Delivery", "msg_abc").timeout(15_000)
                .sendBuffer(Buffer.buffer(Callbacks.startCall("call-loop").encode())).toCompletionStage().toCompletableFuture()
                .get(15, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(421);
        assertThat(r.bodyAsJsonObject().getInteger("ErrorCode")).isEqualTo(42101);
        assertThat(r.bodyAsJsonObject().getString("ErrorInfo")).contains("X-Callstream-Delivery").contains("callbacks.own.hosts");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldMakeNoRegistryCallPerRequestWhenSchemaIdIsCached(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());
        int before = InMemorySchemaRegistry.forUrl(registryUrl).callCount();

        for (int i = 0; i < 20; i++) {
            assertThat(post(URI, Callbacks.startCall("call-r" + i)).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        assertThat(InMemorySchemaRegistry.forUrl(registryUrl).callCount()).isEqualTo(before);
    }

    @Test
    void shouldAcceptChatStyleQueryWhenNewerCommandWordIsUsed(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());
        JsonObject body = Callbacks.body("call-2", "bob", "callee", "CALL_END");

        HttpResponse<Buffer> r = post("/callbacks/callkit?SdkAppid=" + Callbacks.SDK_APP_ID
                + "&CallbackCommand=Call.CallbackAfterEndCall&contenttype=json&ClientIP=1.1.1.1&OptPlatform=Web", body)
                .get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(200);
        CallEvent event = decode(producer.history().get(0).value());
        assertThat(event.getCommand()).isEqualTo("Call.CallbackAfterEndCall");
        assertThat(event.getEvent()).isEqualTo(CallEventType.CALL_END);
        assertThat(event.getPlatform()).isEqualTo("Web");
    }

    /** Deliberate (docs/ingest.md): the command word names the event and the side, so the body may omit them. */
    @Test
    void shouldAcceptBodyWithoutEventWhenCommandWordNamesOne(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());
        JsonObject body = Callbacks.startCall("call-cw");
        body.remove("Event");
        body.remove("Role");

        HttpResponse<Buffer> r = post(URI, body).get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(200);
        CallEvent event = decode(producer.history().get(0).value());
        assertThat(event.getEvent()).isEqualTo(CallEventType.START_CALL);
        assertThat(event.getRole()).isEqualTo(io.callstream.avro.CallRole.CALLER);
        assertThat(event.getCommand()).isEqualTo("caller_start_call");
    }

    @Test
    void shouldAnswer400WhenBodyHasNoEventAndCommandWordNamesNone(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());
        JsonObject body = Callbacks.startCall("call-cw2");
        body.remove("Event");

        HttpResponse<Buffer> r = post("/callbacks/callkit?sdkappid=" + Callbacks.SDK_APP_ID + "&command=no_such_word", body)
                .get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(400);
        assertFail(r, ErrorCode.MISSING_FIELD).isEqualTo("Event: missing required field");
        assertThat(deadLetter(awaitDeadLetter().value()).getReason()).isEqualTo("MISSING_FIELD");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaWriteFails(Vertx vertx) throws Exception {
        start(vertx, false, Map.of());

        CompletableFuture<HttpResponse<Buffer>> answer = post(URI, Callbacks.startCall("call-3"));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        producer.errorNext(new TimeoutException("broker gone"));

        HttpResponse<Buffer> r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.getHeader("Retry-After")).isEqualTo("2");
        assertFail(r, ErrorCode.KAFKA_UNAVAILABLE);
    }

    @Test
    void shouldAnswer503WhenKafkaDoesNotAckWithinSendTimeout(Vertx vertx) throws Exception {
        start(vertx, false, Map.of("ingest.send.timeout", "200ms", "ingest.retry.after.seconds", "5"));

        HttpResponse<Buffer> r = post(URI, Callbacks.startCall("call-4")).get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.getHeader("Retry-After")).isEqualTo("5");
        assertFail(r, ErrorCode.KAFKA_UNAVAILABLE).contains("200 ms");
    }

    @Test
    void shouldAnswer503WhenInFlightBoundIsReached(Vertx vertx) throws Exception {
        start(vertx, false, Map.of("ingest.max.in.flight", "1"));

        CompletableFuture<HttpResponse<Buffer>> first = post(URI, Callbacks.startCall("call-5"));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        HttpResponse<Buffer> second = post(URI, Callbacks.startCall("call-6")).get(10, TimeUnit.SECONDS);
        producer.completeNext();

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.getHeader("Retry-After")).isNotBlank();
        assertFail(second, ErrorCode.OVERLOADED);
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer400AndWriteDeadLetterWhenRequiredFieldIsMissing(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());
        JsonObject body = Callbacks.startCall("call-7");
        body.remove("UserId");

        HttpResponse<Buffer> r = post(URI, body).get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(400);
        assertFail(r, ErrorCode.MISSING_FIELD).isEqualTo("UserId: missing required field");
        ProducerRecord<String, byte[]> dl = awaitDeadLetter();
        assertThat(dl.key()).isEqualTo("call-7");
        DeadLetter letter = deadLetter(dl.value());
        assertThat(letter.getSource()).isEqualTo(DeadLetterSource.INGEST);
        assertThat(letter.getReason()).isEqualTo("MISSING_FIELD");
        assertThat(letter.getMessage()).isEqualTo("UserId: missing required field");
        assertThat(letter.getCallId()).isEqualTo("call-7");
        assertThat(bytes(letter.getPayload())).isEqualTo(body.encode().getBytes(StandardCharsets.UTF_8));
        HttpRequestOrigin origin = letter.getHttpRequest();
        assertThat(origin.getMethod()).isEqualTo("POST");
        assertThat(origin.getPath()).isEqualTo("/callbacks/callkit");
        assertThat(origin.getRawQuery()).contains("command=caller_start_call");
        assertThat(origin.getHeaders()).containsEntry("content-type", "application/json");
        assertThat(origin.getRemoteAddress()).startsWith("127.0.0.1:");
        assertThat(origin.getStatus()).isEqualTo(400);
        assertThat(origin.getErrorCode()).isEqualTo(ErrorCode.MISSING_FIELD.code());
        assertThat(letter.getKafkaRecord()).isNull();
        assertThat(DeadLetterHeaders.text(dl.headers(), DeadLetterHeaders.REASON)).isEqualTo("MISSING_FIELD");
        assertThat(DeadLetterHeaders.text(dl.headers(), DeadLetterHeaders.ORIGIN)).startsWith("POST /callbacks/callkit from");
    }

    /** The sender never retries a 400: before the fix it was answered before the dead letter was written. */
    @Test
    void shouldAnswer400OnlyAfterDeadLetterIsAcknowledgedWhenCallbackIsInvalid(Vertx vertx) throws Exception {
        start(vertx, false, Map.of());
        JsonObject body = Callbacks.startCall("call-dl1");
        body.remove("UserId");

        CompletableFuture<HttpResponse<Buffer>> answer = post(URI, body);
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        assertThat(answer).isNotDone();
        producer.completeNext();

        HttpResponse<Buffer> r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(400);
        assertFail(r, ErrorCode.MISSING_FIELD).isEqualTo("UserId: missing required field");
        assertThat(producer.history().get(0).topic()).isEqualTo("call-events-dlq");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenDeadLetterWriteFails(Vertx vertx) throws Exception {
        start(vertx, false, Map.of());

        CompletableFuture<HttpResponse<Buffer>> answer = post(URI, "{\"CallId\":\"x\",", "application/json");
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        producer.errorNext(new TimeoutException("broker gone"));

        HttpResponse<Buffer> r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.getHeader("Retry-After")).isEqualTo("2");
        assertFail(r, ErrorCode.KAFKA_UNAVAILABLE).contains("dead letter").contains("body: malformed JSON");
    }

    @Test
    void shouldAnswer503WhenDeadLetterIsNotAcknowledgedWithinSendTimeout(Vertx vertx) throws Exception {
        start(vertx, false, Map.of("ingest.send.timeout", "200ms"));

        HttpResponse<Buffer> r = post(URI, "", "application/json").get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.getHeader("Retry-After")).isEqualTo("2");
        assertFail(r, ErrorCode.KAFKA_UNAVAILABLE).contains("200 ms");
    }

    @Test
    void shouldAnswer503WhenInFlightBoundIsReachedByAnInvalidCallback(Vertx vertx) throws Exception {
        start(vertx, false, Map.of("ingest.max.in.flight", "1"));

        CompletableFuture<HttpResponse<Buffer>> first = post(URI, Callbacks.startCall("call-dl2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        HttpResponse<Buffer> invalid = post(URI, "{", "application/json").get(10, TimeUnit.SECONDS);
        producer.completeNext();

        assertThat(invalid.statusCode()).isEqualTo(503);
        assertThat(invalid.getHeader("Retry-After")).isEqualTo("2");
        assertFail(invalid, ErrorCode.OVERLOADED);
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("call-events");
    }

    @Test
    void shouldAnswer400AndWriteDeadLetterWhenQueryStringIsMalformed(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());
        String body = Callbacks.startCall("call-q").encode();

        // A raw socket: HTTP clients refuse to send a malformed query. Before the fix this got no answer at all.
        String answer = rawPost("/callbacks/callkit?sdkappid=" + Callbacks.SDK_APP_ID + "&clientip=%ZZ", body);

        assertThat(answer).startsWith("HTTP/1.1 400");
        JsonObject reply = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(reply.getInteger("ErrorCode")).isEqualTo(ErrorCode.MALFORMED_QUERY.code());
        assertThat(reply.getString("ErrorInfo")).startsWith("query string: cannot be decoded");
        DeadLetter dl = deadLetter(awaitDeadLetter().value());
        assertThat(dl.getReason()).isEqualTo("MALFORMED_QUERY");
        assertThat(dl.getHttpRequest().getRawQuery()).endsWith("&clientip=%ZZ");
        assertThat(bytes(dl.getPayload())).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(producer.history()).allMatch(r -> r.topic().equals("call-events-dlq"));
    }

    @Test
    void shouldAnswer400AndWriteNothingToEventsWhenEventTimeIsFarInTheFuture(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());
        JsonObject body = new JsonObject("{\"CallId\":\"x\",\"UserId\":\"u\",\"Event\":\"start_call\",\"EventTime\":4102444800}");

        HttpResponse<Buffer> r = post(URI, body).get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(400);
        assertFail(r, ErrorCode.INVALID_VALUE).startsWith("EventTime: 2100-01-01T00:00:00Z is more than 15 min ahead");
        assertThat(awaitDeadLetter().key()).isEqualTo("x");
        assertThat(producer.history()).noneMatch(rec -> rec.topic().equals("call-events"));
    }

    @Test
    void shouldAnswer400WithNullDeadLetterKeyWhenJsonIsMalformed(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> r = post(URI, "{\"CallId\":\"x\",", "application/json").get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(400);
        assertFail(r, ErrorCode.MALFORMED_JSON).startsWith("body: malformed JSON");
        assertThat(awaitDeadLetter().key()).isNull();
    }

    @Test
    void shouldAnswer400WhenBodyIsEmpty(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> r = post(URI, "", "application/json").get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(400);
        assertFail(r, ErrorCode.EMPTY_BODY);
        assertThat(awaitDeadLetter().key()).isNull();
    }

    @Test
    void shouldAnswer400NamingFieldWhenTypeIsWrong(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> r = post(URI, Callbacks.startCall("call-8").put("EventTime", "yesterday"))
                .get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(400);
        assertFail(r, ErrorCode.WRONG_TYPE).isEqualTo("EventTime: must be an integer (Unix seconds), got a string");
        assertThat(awaitDeadLetter().key()).isEqualTo("call-8");
    }

    @Test
    void shouldAnswer415AndWriteDeadLetterWhenContentTypeIsNotJson(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> r = post(URI, Callbacks.startCall("call-9").encode(), "application/x-www-form-urlencoded")
                .get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(415);
        assertFail(r, ErrorCode.UNSUPPORTED_MEDIA_TYPE).contains("Content-Type");
        assertThat(awaitDeadLetter().topic()).isEqualTo("call-events-dlq");
    }

    @Test
    void shouldAnswer413WhenDeclaredBodyIsOverTheLimit(Vertx vertx) throws Exception {
        start(vertx, true, Map.of("ingest.body.limit.bytes", "1024"));
        String big = Callbacks.startCall("call-10").put("Padding", "x".repeat(4000)).encode();

        HttpResponse<Buffer> r = post(URI, big, "application/json").get(10, TimeUnit.SECONDS);

        assertThat(r.statusCode()).isEqualTo(413);
        assertFail(r, ErrorCode.BODY_TOO_LARGE).contains("1024");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer413WhenChunkedBodyGrowsOverTheLimit(Vertx vertx) throws Exception {
        start(vertx, true, Map.of("ingest.body.limit.bytes", "1024"));
        Buffer chunk = Buffer.buffer("x".repeat(512));

        Future<Map.Entry<Integer, Buffer>> response = vertx.createHttpClient()
                .request(HttpMethod.POST, server.port(), "127.0.0.1", URI)
                .compose(req -> {
                    req.setChunked(true).putHeader("Content-Type", "application/json");
                    for (int i = 0; i < 8; i++) {
                        req.write(chunk);
                    }
                    return req.end().compose(v -> req.response());
                })
                .compose(resp -> resp.body().map(b -> Map.entry(resp.statusCode(), b)));
        Map.Entry<Integer, Buffer> r = response.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Buffer body = r.getValue();

        assertThat(r.getKey()).isEqualTo(413);
        assertThat(body.toJsonObject().getInteger("ErrorCode")).isEqualTo(ErrorCode.BODY_TOO_LARGE.code());
    }

    /**
     * 16 senders declare an 8 MB body and send none of it. Before the fix each request reserved its
     * declared size at once (128 MB for bytes that may never come); now memory grows as bytes arrive.
     */
    @Test
    void shouldNotReserveMemoryForDeclaredBodyWhenNoByteHasArrived(Vertx vertx) throws Exception {
        start(vertx, true, Map.of("ingest.body.limit.bytes", Integer.toString(8 * 1024 * 1024)));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<java.net.Socket> senders = new java.util.ArrayList<>();
        assertThat(post(URI, Callbacks.startCall("call-warm")).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        try {
            long before = threads.getTotalThreadAllocatedBytes();
            for (int i = 0; i < 16; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
                senders.add(socket);
                socket.getOutputStream().write(("POST " + URI + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 8000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            // A complete request answered after the 16 headers were written: the server has read them by now.
            assertThat(post(URI, Callbacks.startCall("call-mem")).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

            long allocated = threads.getTotalThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated while 16 declared 8 MB bodies had not started")
                    .isLessThan(32L * 1024 * 1024);
        } finally {
            for (java.net.Socket socket : senders) {
                socket.close();
            }
        }
    }

    @Test
    void shouldRefuseOversizedBodyBeforeItIsSentWhenClientExpectsContinue(Vertx vertx) throws Exception {
        start(vertx, true, Map.of("ingest.body.limit.bytes", "1024"));
        CompletableFuture<String> answer = new CompletableFuture<>();
        StringBuilder received = new StringBuilder();

        vertx.createNetClient().connect(server.port(), "127.0.0.1").onSuccess(socket -> {
            socket.handler(b -> received.append(b.toString(StandardCharsets.UTF_8)));
            socket.closeHandler(v -> answer.complete(received.toString()));
            socket.write("POST " + URI + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\nExpect: 100-continue\r\n\r\n");
        }).onFailure(answer::completeExceptionally);

        String response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response).startsWith("HTTP/1.1 413").doesNotContain("100 Continue")
                .contains("\"ErrorCode\":" + ErrorCode.BODY_TOO_LARGE.code());
    }

    /** Found by the reliability suite's fuzz: a body whose chunked framing broke got its connection closed, no answer. */
    @Test
    void shouldAnswer400AtOnceWhenChunkedBodyFramingIsMalformed(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());
        String body = Callbacks.startCall("broken-chunks").encode();

        String response;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + URI + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + body + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(response).startsWith("HTTP/1.1 400").contains("\"ErrorCode\":" + ErrorCode.MALFORMED_FRAMING.code())
                .contains("chunked transfer encoding");
        assertThat(producer.history()).as("a body that never arrived whole is not dead-lettered, nor an event").isEmpty();
    }

    @Test
    void shouldAnswer403WhenSdkAppIdIsNotConfiguredOrMissing(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> unknown = post("/callbacks/callkit?sdkappid=999&command=x", Callbacks.startCall("c"))
                .get(10, TimeUnit.SECONDS);
        HttpResponse<Buffer> missing = post("/callbacks/callkit", Callbacks.startCall("c")).get(10, TimeUnit.SECONDS);

        assertThat(unknown.statusCode()).isEqualTo(403);
        assertFail(unknown, ErrorCode.SDKAPPID_NOT_ACCEPTED).contains("999");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertFail(missing, ErrorCode.SDKAPPID_NOT_ACCEPTED).contains("missing");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldCheckSignatureWhenAKeyIsConfigured(Vertx vertx) throws Exception {
        start(vertx, true, Map.of("ingest.signature.key", "shared-secret"));
        String body = Callbacks.startCall("call-11").encode();
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String sig = SignatureVerifier.sign("shared-secret", ts, body.getBytes(StandardCharsets.UTF_8));

        HttpResponse<Buffer> unsigned = post(URI, body, "application/json").get(10, TimeUnit.SECONDS);
        HttpResponse<Buffer> forged = client.post(server.port(), "127.0.0.1", URI)
                .putHeader("Content-Type", "application/json").putHeader(SignatureVerifier.TIMESTAMP_HEADER, ts)
                .putHeader(SignatureVerifier.SIGNATURE_HEADER, sig.replace(sig.charAt(0), sig.charAt(0) == 'a' ? 'b' : 'a'))
                .sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpResponse<Buffer> signed = client.post(server.port(), "127.0.0.1", URI)
                .putHeader("Content-Type", "application/json").putHeader(SignatureVerifier.TIMESTAMP_HEADER, ts)
                .putHeader(SignatureVerifier.SIGNATURE_HEADER, "sha256=" + sig)
                .sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertFail(unsigned, ErrorCode.SIGNATURE_INVALID);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void shouldReportLiveReadyAndMetricsWhenServing(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());
        post(URI, Callbacks.startCall("call-12")).get(10, TimeUnit.SECONDS);
        post(URI, "{", "application/json").get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);

        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<Buffer> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject().getString("kafka")).isEqualTo("UP");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/metrics").bodyAsString())
                .contains("callstream_ingest_requests_total{command=\"caller_start_call\",status=\"200\"} 1.0")
                .contains("callstream_ingest_requests_total{command=\"caller_start_call\",status=\"400\"} 1.0")
                .contains("callstream_ingest_request_duration_seconds_bucket")
                .contains("callstream_ingest_dlq_records_total{result=\"written\"} 1.0")
                .contains("callstream_ingest_in_flight 0.0"));
    }

    @Test
    void shouldNotBeReadyWhenKafkaIsNotReachable(Vertx vertx) throws Exception {
        start(vertx, true, Map.of(), IngestServer.builder(config(Map.of())).kafkaProbe(() -> false));

        HttpResponse<Buffer> ready = get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.bodyAsJsonObject().getString("kafka")).isEqualTo("DOWN");
        assertThat(ready.bodyAsJsonObject().getString("registry")).isEqualTo("UP");
    }

    /** Before the fix readiness only asked whether the registry had ever answered, so it stayed UP. */
    @Test
    void shouldTurnNotReadyWhenRegistryGoesAwayAfterItWasReached(Vertx vertx) throws Exception {
        try (StubRegistry registry = new StubRegistry()) {
            start(vertx, true, Map.of(), IngestServer.builder(config(Map.of("schema.registry.url", registry.url(),
                    "ingest.health.interval", "200ms"))));
            assertThat(get("/health/ready").statusCode()).isEqualTo(200);

            registry.close();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<Buffer> ready = get("/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.bodyAsJsonObject().getString("registry")).isEqualTo("DOWN");
                assertThat(ready.bodyAsJsonObject().getString("kafka")).isEqualTo("UP");
            });
        }
    }

    @Test
    void shouldAnswerJsonErrorsWhenPathOrMethodIsUnknown(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> notFound = get("/nope");
        HttpResponse<Buffer> wrongMethod = get("/callbacks/callkit");

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertFail(notFound, ErrorCode.NOT_FOUND);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertFail(wrongMethod, ErrorCode.METHOD_NOT_ALLOWED);
    }

    @Test
    void shouldFinishInFlightRequestWhenClosedGracefully(Vertx vertx) throws Exception {
        start(vertx, false, Map.of());
        CompletableFuture<HttpResponse<Buffer>> answer = post(URI, Callbacks.startCall("call-13"));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.ready());
        producer.completeNext();

        assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        closing.get(20, TimeUnit.SECONDS);
        assertThat(producer.closed()).isTrue();
        server = null;
    }

    /**
     * Kubernetes kills a pod 30 s after SIGTERM; ingest.shutdown.timeout bounds the whole shutdown,
     * not each step. Before the fix, the HTTP drain, the wait for in-flight writes, the producer
     * close and the Vert.x close each had the full timeout: with a write Kafka never acknowledges,
     * close() took about twice the bound.
     */
    @Test
    void shouldFinishShutdownWithinTheTimeoutWhenKafkaNeverAcknowledges(Vertx vertx) throws Exception {
        producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        server = IngestServer.builder(config(Map.of("ingest.shutdown.timeout", "3s", "ingest.send.timeout", "60s")))
                .producer(producer).start();
        client = WebClient.create(vertx);
        CompletableFuture<HttpResponse<Buffer>> stuck = post(URI, Callbacks.startCall("call-stuck"));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);

        long t0 = System.nanoTime();
        server.close();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        server = null;

        assertThat(tookMs).as("close() with a 3 s shutdown timeout").isLessThan(4_500);
        assertThat(producer.closed()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(stuck::isDone);
        assertThat(stuck.handle((r, failure) -> r == null ? "connection closed" : Integer.toString(r.statusCode())).get())
                .as("the stuck request was never acknowledged").isNotEqualTo("200");
    }

    @Test
    void shouldServeItsOpenApi31DocumentWhenAskedForOpenapi(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> r = get("/openapi");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/yaml");
        OpenApiValidator served = OpenApiValidator.of(r.bodyAsString());
        assertThat(served.version()).isEqualTo(OpenAPIVersion.V3_1);
        assertThat(served.openapi()).isEqualTo("3.1.0");
        assertThat(r.bodyAsString()).isEqualTo(OpenApiValidator.forResource("openapi/ingest.yaml").yaml());
    }

    private CompletableFuture<HttpResponse<Buffer>> post(String uri, JsonObject body) {
        return post(uri, body.encode(), "application/json");
    }

    private CompletableFuture<HttpResponse<Buffer>> post(String uri, String body, String contentType) {
        return client.post(server.port(), "127.0.0.1", uri).putHeader("Content-Type", contentType).timeout(15_000)
                .sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture()
                .thenApplyAsync(r -> documented("POST", uri, contentType, body, r));
    }

    /** Every exchange these tests make is checked against the served OpenAPI document (docs/ingest.md). */
    private static HttpResponse<Buffer> documented(String method, String uri, String contentType, String body,
                                                   HttpResponse<Buffer> r) {
        if (r.statusCode() != 404 && r.statusCode() != 405) {
            OpenApiValidator.forResource("openapi/ingest.yaml").assertExchange(method, uri, contentType, body,
                    r.statusCode(), r.getHeader("Content-Type"), r.bodyAsString());
        }
        return r;
    }

    /** Sends a request byte for byte as given (no client-side URI checks) and returns the whole answer. */
    private String rawPost(String uri, String body) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(b);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<Buffer> get(String uri) throws Exception {
        return documented("GET", uri, null, null, client.get(server.port(), "127.0.0.1", uri).timeout(15_000).send()
                .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS));
    }

    private ProducerRecord<String, byte[]> awaitDeadLetter() {
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().stream()
                .anyMatch(r -> r.topic().equals("call-events-dlq")));
        List<ProducerRecord<String, byte[]>> dl = producer.history().stream()
                .filter(r -> r.topic().equals("call-events-dlq")).toList();
        assertThat(dl).hasSize(1);
        return dl.get(0);
    }

    private CallEvent decode(byte[] value) {
        try (AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", registryUrl))) {
            return serde.deserializer().deserialize("call-events", value);
        }
    }

    private DeadLetter deadLetter(byte[] value) {
        try (AvroSerde<DeadLetter> serde = AvroSerde.of(DeadLetter.class, Map.of("schema.registry.url", registryUrl))) {
            return serde.deserializer().deserialize("call-events-dlq", value);
        }
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertFail(HttpResponse<Buffer> r, ErrorCode code) {
        JsonObject body = r.bodyAsJsonObject();
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        assertThat(body.fieldNames()).containsExactly("ActionStatus", "ErrorCode", "ErrorInfo");
        assertThat(body.getString("ActionStatus")).isEqualTo("FAIL");
        assertThat(body.getInteger("ErrorCode")).isEqualTo(code.code());
        return assertThat(body.getString("ErrorInfo"));
    }
}

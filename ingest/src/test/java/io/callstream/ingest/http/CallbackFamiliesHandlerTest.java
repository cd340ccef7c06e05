package io.callstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallbackFamily;
import io.callstream.ingest.IngestServer;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.ingest.error.ErrorCode;
import io.callstream.ingest.fixtures.Callbacks;
import io.callstream.schemas.registry.InMemorySchemaRegistry;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.OpenApiValidator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every callback family on {@code POST /callbacks/callkit} (callkit-v4-and-records.md sections 2, 3,
 * 6): written to {@code call-events} and answered in the family's own shape, errors too; Tencent's
 * {@code Sign}/{@code RequestTime} check. Real Vert.x server, Kafka's MockProducer, mock:// registry.
 */
@ExtendWith(VertxExtension.class)
class CallbackFamiliesHandlerTest {

    private static final String V4_OK = "{\"ActionStatus\":\"OK\",\"ErrorInfo\":\"\",\"ErrorCode\":0}";
    private static final String STATUS_OK = "{\"ErrorCode\":0,\"ErrorMessage\":\"Success\"}";
    private static final String CALL_ID = "055662e1-bc8a-469c-a334-1126c8c17d58";

    private final String registryUrl = "mock://families-" + UUID.randomUUID();
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

    @ParameterizedTest
    @CsvSource({"Call.CallbackAfterStartCall,V4_START_CALL", "Call.CallbackAfterEndCall,V4_END_CALL",
            "Call.CallbackAfterMemberChanged,V4_MEMBER_CHANGED"})
    void shouldWriteAndAnswerInTheV4ShapeWhenAV4CallbackArrives(String command, CallbackFamily family, Vertx vertx)
            throws Exception {
        start(vertx, true, Map.of());
        String body = switch (family) {
            case V4_START_CALL -> Callbacks.V4_START_CALL;
            case V4_END_CALL -> Callbacks.V4_END_CALL;
            default -> Callbacks.V4_MEMBER_CHANGED;
        };

        HttpResponse<Buffer> r = post(v4Uri(command), body);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo(V4_OK);
        assertWritten(family, CALL_ID);
    }

    @Test
    void shouldWriteAndAnswerSuccessInTheStatusShapeWhenAStatusCallbackArrives(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> r = post(v1Uri("normal_end"), Callbacks.V1_STATUS);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo(STATUS_OK);
        assertWritten(CallbackFamily.V1_STATUS, "aheahfo-eqwnknoihfsd-qweqf");
    }

    @Test
    void shouldAnswerTheV1EventShapeAsBeforeWhenAV1EventCallbackArrives(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> r = post(v1Uri("caller_start_call"), Callbacks.startCall("c-v1").encode());

        assertThat(r.bodyAsString()).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
        assertWritten(CallbackFamily.V1_EVENT, "c-v1");
    }

    @Test
    void shouldAnswer400InTheV4ShapeAndDeadLetterWhenAV4BodyLacksItsRecord(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> r = post(v4Uri("Call.CallbackAfterEndCall"), "{\"EventTime\":1703589922780}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsString()).isEqualTo("{\"ActionStatus\":\"FAIL\",\"ErrorInfo\":\"CallRecord: missing required field\","
                + "\"ErrorCode\":" + ErrorCode.MISSING_FIELD.code() + "}");
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        assertThat(producer.history().get(0).topic()).isEqualTo("call-events-dlq");
    }

    @Test
    void shouldAnswer400InTheStatusShapeWhenAStatusCallbackLacksItsUser(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());
        JsonObject body = new JsonObject(Callbacks.V1_STATUS);
        body.remove("UserId");

        HttpResponse<Buffer> r = post(v1Uri("normal_end"), body.encode());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsString()).isEqualTo("{\"ErrorCode\":" + ErrorCode.MISSING_FIELD.code()
                + ",\"ErrorMessage\":\"UserId: missing required field\"}");
    }

    @Test
    void shouldAnswerInTheShapeTheCommandNamesWhenTheBodyIsNotJson(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        JsonObject v4 = post(v4Uri("Call.CallbackAfterEndCall"), "{\"CallRecord\":").bodyAsJsonObject();
        JsonObject status = post(v1Uri("reject"), "{\"UserId\":").bodyAsJsonObject();

        assertThat(v4.fieldNames()).containsExactly("ActionStatus", "ErrorInfo", "ErrorCode");
        assertThat(v4.getInteger("ErrorCode")).isEqualTo(ErrorCode.MALFORMED_JSON.code());
        assertThat(status.fieldNames()).containsExactly("ErrorCode", "ErrorMessage");
        assertThat(status.getInteger("ErrorCode")).isEqualTo(ErrorCode.MALFORMED_JSON.code());
    }

    @Test
    void shouldAnswer403InTheFamilyShapeWhenTheSdkAppIdIsNotAccepted(Vertx vertx) throws Exception {
        start(vertx, true, Map.of());

        HttpResponse<Buffer> v4 = post("/callbacks/callkit?SdkAppid=999&CallbackCommand=Call.CallbackAfterStartCall",
                Callbacks.V4_START_CALL);
        HttpResponse<Buffer> status = post("/callbacks/callkit?sdkappid=999&command=cancel", Callbacks.V1_STATUS);

        assertThat(v4.statusCode()).isEqualTo(403);
        assertThat(v4.bodyAsJsonObject().getString("ActionStatus")).isEqualTo("FAIL");
        assertThat(v4.bodyAsJsonObject().getInteger("ErrorCode")).isEqualTo(ErrorCode.SDKAPPID_NOT_ACCEPTED.code());
        assertThat(status.statusCode()).isEqualTo(403);
        assertThat(status.bodyAsJsonObject().fieldNames()).containsExactly("ErrorCode", "ErrorMessage");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldAnswer503InTheStatusShapeSoTheSenderRetriesWhenKafkaFails(Vertx vertx) throws Exception {
        start(vertx, false, Map.of());

        CompletableFuture<HttpResponse<Buffer>> answer = send(v1Uri("normal_end"), Callbacks.V1_STATUS);
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        producer.errorNext(new TimeoutException("broker gone"));

        HttpResponse<Buffer> r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.getHeader("Retry-After")).isEqualTo("2");
        assertThat(r.bodyAsJsonObject().fieldNames()).containsExactly("ErrorCode", "ErrorMessage");
        assertThat(r.bodyAsJsonObject().getInteger("ErrorCode")).isEqualTo(ErrorCode.KAFKA_UNAVAILABLE.code());
    }

    @Test
    void shouldAcceptTencentSignWhenItIsTheSha256OfTokenAndRequestTime(Vertx vertx) throws Exception {
        start(vertx, true, Map.of("ingest.callback.token", "xxxxyyyy"));
        String now = Long.toString(System.currentTimeMillis() / 1000);

        HttpResponse<Buffer> r = post(v4Uri("Call.CallbackAfterStartCall") + "&Sign=" + sign("xxxxyyyy", now)
                + "&RequestTime=" + now, Callbacks.V4_START_CALL);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).isEqualTo(V4_OK);
    }

    @Test
    void shouldAnswer403WithoutDeadLetterWhenTencentSignIsMissingWrongOrStale(Vertx vertx) throws Exception {
        start(vertx, true, Map.of("ingest.callback.token", "xxxxyyyy"));
        String now = Long.toString(System.currentTimeMillis() / 1000);
        String stale = Long.toString(System.currentTimeMillis() / 1000 - 120);

        HttpResponse<Buffer> missing = post(v4Uri("Call.CallbackAfterStartCall"), Callbacks.V4_START_CALL);
        HttpResponse<Buffer> wrong = post(v4Uri("Call.CallbackAfterStartCall") + "&Sign=" + sign("other", now)
                + "&RequestTime=" + now, Callbacks.V4_START_CALL);
        HttpResponse<Buffer> old = post(v4Uri("Call.CallbackAfterStartCall") + "&Sign=" + sign("xxxxyyyy", stale)
                + "&RequestTime=" + stale, Callbacks.V4_START_CALL);

        for (HttpResponse<Buffer> r : List.of(missing, wrong, old)) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.bodyAsJsonObject().getInteger("ErrorCode")).isEqualTo(ErrorCode.SIGNATURE_INVALID.code());
        }
        assertThat(missing.bodyAsJsonObject().getString("ErrorInfo")).contains("Sign");
        assertThat(wrong.bodyAsJsonObject().getString("ErrorInfo")).contains("does not match");
        assertThat(old.bodyAsJsonObject().getString("ErrorInfo")).contains("stale");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldAcceptEitherSchemeWhenBothTokenAndHmacKeyAreConfigured(Vertx vertx) throws Exception {
        start(vertx, true, Map.of("ingest.callback.token", "xxxxyyyy", "ingest.signature.key", "relay-key"));
        String now = Long.toString(System.currentTimeMillis() / 1000);
        byte[] body = Callbacks.V4_END_CALL.getBytes(StandardCharsets.UTF_8);

        HttpResponse<Buffer> tencent = post(v4Uri("Call.CallbackAfterEndCall") + "&Sign=" + sign("xxxxyyyy", now)
                + "&RequestTime=" + now, Callbacks.V4_END_CALL);
        HttpResponse<Buffer> relay = client.post(server.port(), "127.0.0.1", v4Uri("Call.CallbackAfterEndCall"))
                .putHeader("Content-Type", "application/json").putHeader(SignatureVerifier.TIMESTAMP_HEADER, now)
                .putHeader(SignatureVerifier.SIGNATURE_HEADER, SignatureVerifier.sign("relay-key", now, body))
                .sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        HttpResponse<Buffer> neither = post(v4Uri("Call.CallbackAfterEndCall"), Callbacks.V4_END_CALL);

        assertThat(tencent.statusCode()).isEqualTo(200);
        assertThat(relay.statusCode()).isEqualTo(200);
        assertThat(neither.statusCode()).isEqualTo(403);
        assertThat(neither.bodyAsJsonObject().getString("ErrorInfo")).contains("Sign").contains(SignatureVerifier.SIGNATURE_HEADER);
    }

    private void start(Vertx vertx, boolean autoAck, Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>(Map.of("http.host", "127.0.0.1", "http.port", "0",
                "kafka.bootstrap.servers", "127.0.0.1:1", "schema.registry.url", registryUrl,
                "sdkappids", Long.toString(Callbacks.SDK_APP_ID), "ingest.health.interval", "1s"));
        m.putAll(overrides);
        producer = new MockProducer<>(autoAck, null, new StringSerializer(), new ByteArraySerializer());
        server = IngestServer.builder(IngestConfig.of(m)).vertx(vertx).producer(producer).start();
        client = WebClient.create(vertx);
    }

    private static String v4Uri(String command) {
        return "/callbacks/callkit?SdkAppid=" + Callbacks.SDK_APP_ID + "&CallbackCommand=" + command
                + "&contenttype=json&ClientIP=10.0.0.7&OptPlatform=Android";
    }

    private static String v1Uri(String command) {
        return "/callbacks/callkit?sdkappid=" + Callbacks.SDK_APP_ID + "&command=" + command
                + "&contenttype=json&clientip=10.0.0.7&optplatform=iOS";
    }

    /** Tencent's callback signature: lowercase hex SHA-256 of token + RequestTime (§6). */
    private static String sign(String token, String requestTime) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest((token + requestTime).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<Buffer> post(String uri, String body) throws Exception {
        return send(uri, body).get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<Buffer>> send(String uri, String body) {
        return client.post(server.port(), "127.0.0.1", uri).putHeader("Content-Type", "application/json").timeout(15_000)
                .sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture()
                .thenApplyAsync(r -> {
                    // every family's request and answer shape, checked against the served OpenAPI document
                    OpenApiValidator.forResource("openapi/ingest.yaml").assertExchange("POST", uri, "application/json",
                            body, r.statusCode(), r.getHeader("Content-Type"), r.bodyAsString());
                    return r;
                });
    }

    private void assertWritten(CallbackFamily family, String callId) {
        List<ProducerRecord<String, byte[]>> events = producer.history().stream()
                .filter(r -> r.topic().equals("call-events")).toList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key()).isEqualTo(callId);
        try (AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", registryUrl))) {
            CallEvent event = serde.deserializer().deserialize("call-events", events.get(0).value());
            assertThat(event.getFamily()).isEqualTo(family);
            assertThat(event.getCallId()).isEqualTo(callId);
        }
    }
}

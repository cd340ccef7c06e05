package io.callstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.CallbackFamily;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.ingest.fixtures.Callbacks;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ingest end to end: the real HTTP server, a real Kafka broker (KRaft, in-JVM) and a real Apicurio registry. */
class IngestIT {

    private static final Logger LOG = LoggerFactory.getLogger(IngestIT.class);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    private static final String URI = "/callbacks/callkit?sdkappid=" + Callbacks.SDK_APP_ID
            + "&command=callee_accept_call&contenttype=json&clientip=127.0.0.1&optplatform=iOS";

    private static IngestServer server;
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void startIngest() {
        KAFKA.createTopics(3, "call-events", "call-events-dlq");
        server = IngestServer.start(IngestConfig.of(Map.of(
                "http.host", "127.0.0.1", "http.port", "0",
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "schema.registry.url", REGISTRY.url(),
                "sdkappids", Long.toString(Callbacks.SDK_APP_ID),
                "ingest.health.interval", "300ms")));
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stopIngest() {
        if (server != null) {
            server.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    @Test
    void shouldWriteCallEventThatAnIndependentConsumerDecodesWhenCallbackIsAccepted() throws Exception {
        String callId = "it-" + UUID.randomUUID();

        HttpResponse<Buffer> r = post(Callbacks.body(callId, "bob", "callee", "accept_call").put("Device", "pixel"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getString("ActionStatus")).isEqualTo("OK");
        try (AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", REGISTRY.url()))) {
            ConsumerRecord<String, CallEvent> record = consume("call-events", serde.deserializer(),
                    rec -> rec.key().equals(callId)).orElseThrow();
            CallEvent e = record.value();
            assertThat(e.getCallId()).isEqualTo(callId);
            assertThat(e.getUserId()).isEqualTo("bob");
            assertThat(e.getRole()).isEqualTo(CallRole.CALLEE);
            assertThat(e.getEvent()).isEqualTo(CallEventType.ACCEPT_CALL);
            assertThat(e.getCommand()).isEqualTo("callee_accept_call");
            assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochSecond(Callbacks.EVENT_TIME));
            assertThat(e.getExtra()).containsEntry("Device", "\"pixel\"");
            assertThat(e.getEventId()).hasSize(64);
        }
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldWriteOneRecordPerWebhookAndAnswerInItsShapeWhenEveryCallbackFamilyArrives() throws Exception {
        String v4Call = "it-v4-" + UUID.randomUUID();
        String statusCall = "it-status-" + UUID.randomUUID();
        Map<String, String> v4Bodies = Map.of("Call.CallbackAfterStartCall", Callbacks.V4_START_CALL,
                "Call.CallbackAfterMemberChanged", Callbacks.V4_MEMBER_CHANGED, "Call.CallbackAfterEndCall", Callbacks.V4_END_CALL);

        for (Map.Entry<String, String> v4 : v4Bodies.entrySet()) {
            HttpResponse<Buffer> r = post("/callbacks/callkit?SdkAppid=" + Callbacks.SDK_APP_ID + "&CallbackCommand="
                    + v4.getKey() + "&contenttype=json&ClientIP=127.0.0.1&OptPlatform=iOS",
                    v4.getValue().replace("055662e1-bc8a-469c-a334-1126c8c17d58", v4Call));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsString()).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorInfo\":\"\",\"ErrorCode\":0}");
        }
        HttpResponse<Buffer> status = post("/callbacks/callkit?sdkappid=" + Callbacks.SDK_APP_ID
                + "&command=normal_end&contenttype=json", Callbacks.V1_STATUS.replace("aheahfo-eqwnknoihfsd-qweqf", statusCall));

        assertThat(status.bodyAsString()).isEqualTo("{\"ErrorCode\":0,\"ErrorMessage\":\"Success\"}");
        try (AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", REGISTRY.url()))) {
            List<CallEvent> v4Events = consumeAll("call-events", serde.deserializer(), rec -> rec.key().equals(v4Call), 3);
            assertThat(v4Events).extracting(CallEvent::getFamily).containsExactlyInAnyOrder(CallbackFamily.V4_START_CALL,
                    CallbackFamily.V4_MEMBER_CHANGED, CallbackFamily.V4_END_CALL);
            assertThat(v4Events).filteredOn(e -> e.getFamily() == CallbackFamily.V4_END_CALL).singleElement()
                    .satisfies(e -> assertThat(e.getCalleeIds()).containsExactly("10001", "user2"));
            CallEvent statusEvent = consume("call-events", serde.deserializer(), rec -> rec.key().equals(statusCall))
                    .orElseThrow().value();
            assertThat(statusEvent.getFamily()).isEqualTo(CallbackFamily.V1_STATUS);
            assertThat(statusEvent.getCallResult()).isEqualTo("normal_end");
        }
    }

    @Test
    void shouldAnswer400AndWriteDeadLetterWhenCallbackIsInvalid() throws Exception {
        String callId = "it-bad-" + UUID.randomUUID();

        HttpResponse<Buffer> r = post(Callbacks.startCall(callId).put("TotalNum", "two"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject().getString("ErrorInfo")).startsWith("TotalNum: must be an integer");
        try (AvroSerde<DeadLetter> serde = AvroSerde.of(DeadLetter.class, Map.of("schema.registry.url", REGISTRY.url()))) {
            DeadLetter dl = consume("call-events-dlq", serde.deserializer(), rec -> callId.equals(rec.key()))
                    .orElseThrow().value();
            assertThat(dl.getReason()).isEqualTo("WRONG_TYPE");
            assertThat(dl.getHttpRequest().getStatus()).isEqualTo(400);
            assertThat(new String(dl.getPayload().array(), StandardCharsets.UTF_8)).contains(callId).contains("\"two\"");
        }
    }

    @Test
    void shouldAnswer503WhileBrokerIsDownAndOkAgainWhenItIsBackWithoutRestartingIngest() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        String before = "it-before-" + UUID.randomUUID();
        assertThat(post(Callbacks.startCall(before)).statusCode()).isEqualTo(200);
        acknowledged.add(before);

        KAFKA.broker().stop();
        List<Integer> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                HttpResponse<Buffer> r = post(Callbacks.startCall("it-outage-" + i + "-" + UUID.randomUUID()));
                LOG.info("during the outage: {} in {} ms", r.statusCode(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                assertThat(r.getHeader("Retry-After")).isNotBlank();
                statuses.add(r.statusCode());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> get("/health/ready").statusCode() == 503);
        } finally {
            KAFKA.broker().start();
        }
        assertThat(statuses).containsOnly(503);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String callId = "it-after-" + UUID.randomUUID();
            if (post(Callbacks.startCall(callId)).statusCode() == 200) {
                acknowledged.add(callId);
                return true;
            }
            return false;
        });
        try (AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", REGISTRY.url()))) {
            for (String callId : acknowledged) {
                assertThat(consume("call-events", serde.deserializer(), rec -> rec.key().equals(callId)))
                        .as("acknowledged %s is on call-events", callId).isPresent();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/health/ready").statusCode() == 200);
    }

    /** Every 200 costs a record: each request must come back well within the client's 10 s bound. */
    private static HttpResponse<Buffer> post(JsonObject body) throws Exception {
        return client.post(server.port(), "127.0.0.1", URI).putHeader("Content-Type", "application/json")
                .timeout(10_000).sendBuffer(Buffer.buffer(body.encode()))
                .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> post(String uri, String body) throws Exception {
        return client.post(server.port(), "127.0.0.1", uri).putHeader("Content-Type", "application/json")
                .timeout(10_000).sendBuffer(Buffer.buffer(body)).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> get(String uri) throws Exception {
        return client.get(server.port(), "127.0.0.1", uri).timeout(10_000).send()
                .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static <V> List<V> consumeAll(String topic, Deserializer<V> values, Predicate<ConsumerRecord<String, V>> match,
                                          int expected) {
        return records(topic, values, match, expected).stream().map(ConsumerRecord::value).toList();
    }

    private static <V> Optional<ConsumerRecord<String, V>> consume(String topic, Deserializer<V> values,
                                                                   Predicate<ConsumerRecord<String, V>> match) {
        return records(topic, values, match, 1).stream().findFirst();
    }

    /** The first {@code expected} records of the topic that match, read within 30 s. */
    private static <V> List<ConsumerRecord<String, V>> records(String topic, Deserializer<V> values,
                                                               Predicate<ConsumerRecord<String, V>> match, int expected) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        Map<String, Object> props = new HashMap<>(KAFKA.consumerProps("it-" + UUID.randomUUID()));
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> rec : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(rec) && out.size() < expected) {
                        out.add(rec);
                    }
                }
            }
        }
        return out;
    }
}

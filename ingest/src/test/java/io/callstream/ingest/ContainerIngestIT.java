package io.callstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.avro.MediaType;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.ingest.fixtures.Callbacks;
import io.callstream.ingest.mapping.Webhook;
import io.callstream.ingest.mapping.WebhookMapper;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.ContainerStack;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Docker variant of {@link IngestIT}: the real ingest server (real producer, registry client and
 * readiness probe; a fixed clock so {@code receivedAt} is known) against Apache Kafka and Apicurio
 * Registry in containers. Webhooks go in over HTTP; the exact CallEvent records and the dead letter
 * are read back by an independent read_committed consumer. Skipped (reported as skipped) where no
 * Docker engine runs; {@link IngestIT} covers the same on the in-JVM broker there.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerIngestIT {

    @Container
    static final KafkaContainer KAFKA = ContainerStack.kafka();
    @Container
    static final GenericContainer<?> REGISTRY = ContainerStack.apicurio();

    private static final String EVENTS = "tc-call-events";
    private static final String DLQ = "tc-call-events-dlq";
    private static final Instant RECEIVED_AT = Instant.parse("2024-01-08T06:33:00.123Z");
    private static final Clock CLOCK = Clock.fixed(RECEIVED_AT, ZoneOffset.UTC);

    private static Vertx vertx;
    private static IngestServer server;
    private static WebClient client;

    @BeforeAll
    static void startIngest() {
        ContainerStack.createTopics(KAFKA, 3, EVENTS, DLQ);
        vertx = Vertx.vertx();
        server = IngestServer.builder(IngestConfig.of(Map.of(
                        "http.host", "127.0.0.1", "http.port", "0",
                        "kafka.bootstrap.servers", KAFKA.getBootstrapServers(),
                        "schema.registry.url", ContainerStack.registryUrl(REGISTRY),
                        "sdkappids", Long.toString(Callbacks.SDK_APP_ID),
                        "topic.call-events", EVENTS,
                        "topic.call-events-dlq", DLQ,
                        "ingest.health.interval", "300ms")))
                .vertx(vertx).clock(CLOCK).start();
        client = WebClient.create(vertx);
        // ready = Kafka reached and the CallEvent schema registered; before that webhooks get 503
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/health/ready").statusCode() == 200);
    }

    @AfterAll
    static void stopIngest() {
        if (server != null) {
            server.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void shouldWriteExactCallEventsWhenWebhooksOfAnAnsweredCallArrive() throws Exception {
        String callId = "tc-" + UUID.randomUUID();
        List<Sent> sent = List.of(
                new Sent("caller_start_call", Callbacks.body(callId, "alice", "caller", "start_call")),
                new Sent("callee_accept_call", Callbacks.body(callId, "bob", "callee", "accept_call")
                        .put("Device", "pixel")),
                new Sent("caller_call_end", Callbacks.body(callId, "alice", "caller", "call_end")));

        for (Sent s : sent) {
            HttpResponse<Buffer> r = post(s.command(), s.body());
            assertThat(r.statusCode()).as("answer to %s", s.command()).isEqualTo(200);
            assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject()
                    .put("ActionStatus", "OK").put("ErrorCode", 0).put("ErrorInfo", ""));
        }

        List<CallEvent> expected = List.of(
                expected(sent.get(0), "alice", CallRole.CALLER, CallEventType.START_CALL, Map.of()),
                expected(sent.get(1), "bob", CallRole.CALLEE, CallEventType.ACCEPT_CALL, Map.of("Device", "\"pixel\"")),
                expected(sent.get(2), "alice", CallRole.CALLER, CallEventType.CALL_END, Map.of()));
        try (AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class,
                Map.of("schema.registry.url", ContainerStack.registryUrl(REGISTRY)))) {
            List<ConsumerRecord<String, CallEvent>> records = readAll(EVENTS, serde.deserializer()).stream()
                    .filter(r -> callId.equals(r.key())).toList();
            assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(expected);
        }
        assertThat(expected).extracting(CallEvent::getEventId).allMatch(id -> id.matches("[0-9a-f]{64}"))
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldAnswer400AndWriteDeadLetterWhenWebhookIsInvalid() throws Exception {
        String callId = "tc-bad-" + UUID.randomUUID();
        JsonObject body = Callbacks.startCall(callId).put("TotalNum", "two");

        HttpResponse<Buffer> r = post("caller_start_call", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("ActionStatus", "FAIL")
                .put("ErrorCode", 40003).put("ErrorInfo", "TotalNum: must be an integer, got a string"));
        // the answer follows the dead letter's ack: it is there, exactly once
        DeadLetter letter;
        try (AvroSerde<DeadLetter> serde = AvroSerde.of(DeadLetter.class,
                Map.of("schema.registry.url", ContainerStack.registryUrl(REGISTRY)))) {
            List<ConsumerRecord<String, DeadLetter>> dead = readAll(DLQ, serde.deserializer()).stream()
                    .filter(rec -> callId.equals(rec.key())).toList();
            assertThat(dead).hasSize(1);
            letter = dead.get(0).value();
        }
        assertThat(letter.getSource()).isEqualTo(DeadLetterSource.INGEST);
        assertThat(letter.getReason()).isEqualTo("WRONG_TYPE");
        assertThat(letter.getMessage()).isEqualTo("TotalNum: must be an integer, got a string");
        assertThat(letter.getDeadLetteredAt()).isEqualTo(RECEIVED_AT);
        assertThat(letter.getHttpRequest().getMethod()).isEqualTo("POST");
        assertThat(letter.getHttpRequest().getPath()).isEqualTo("/callbacks/callkit");
        assertThat(letter.getHttpRequest().getRawQuery()).contains("command=caller_start_call");
        assertThat(letter.getHttpRequest().getStatus()).isEqualTo(400);
        assertThat(letter.getHttpRequest().getErrorCode()).isEqualTo(40003);
        assertThat(new JsonObject(Buffer.buffer(letter.getPayload().array()))).isEqualTo(body);
        // nothing reached call-events for the rejected call
        try (AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class,
                Map.of("schema.registry.url", ContainerStack.registryUrl(REGISTRY)))) {
            assertThat(readAll(EVENTS, serde.deserializer())).noneMatch(rec -> callId.equals(rec.key()));
        }
    }

    /** One webhook as sent: the command query parameter and the JSON body. */
    private record Sent(String command, JsonObject body) {
        byte[] bytes() {
            return body.encode().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The CallEvent a webhook must become, field by field from the fixture body ({@link Callbacks#body}:
     * EventTime, StartCallTs, AcceptTs and EndTs in Unix seconds, TotalNum 2, audio, single, empty
     * CallResult) and the query parameters; the eventId is the deterministic hash of the webhook,
     * whose derivation the mapper's unit tests cover.
     */
    private static CallEvent expected(Sent s, String userId, CallRole role, CallEventType type,
                                      Map<String, String> extra) {
        String callId = s.body().getString("CallId");
        String eventId = new WebhookMapper(CLOCK).map(new Webhook(Callbacks.SDK_APP_ID, s.command(), "127.0.0.1", "iOS",
                s.bytes())).getEventId();
        return CallEvent.newBuilder()
                .setEventId(eventId)
                .setSdkAppId(Callbacks.SDK_APP_ID)
                .setCallId(callId)
                .setRoomId("room-" + callId)
                .setUserId(userId)
                .setRole(role)
                .setEvent(type)
                .setCommand(s.command())
                .setCallType(CallType.SINGLE)
                .setMediaType(MediaType.AUDIO)
                .setTotalNum(2)
                .setCallResult(null)
                .setEventTime(Instant.ofEpochSecond(Callbacks.EVENT_TIME))
                .setStartCallTime(Instant.ofEpochSecond(1704856873L))
                .setAcceptTime(Instant.ofEpochSecond(1704856876L))
                .setEndTime(Instant.ofEpochSecond(1704856885L))
                .setPlatform("iOS")
                .setClientIp("127.0.0.1")
                .setReceivedAt(RECEIVED_AT)
                .setExtra(extra)
                .build();
    }

    private static HttpResponse<Buffer> post(String command, JsonObject body) throws Exception {
        String uri = "/callbacks/callkit?sdkappid=" + Callbacks.SDK_APP_ID + "&command=" + command
                + "&contenttype=json&clientip=127.0.0.1&optplatform=iOS";
        return client.post(server.port(), "127.0.0.1", uri).putHeader("Content-Type", "application/json")
                .timeout(10_000).sendBuffer(Buffer.buffer(body.encode()))
                .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> get(String uri) throws Exception {
        return client.get(server.port(), "127.0.0.1", uri).timeout(10_000).send()
                .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    /**
     * Every committed record of {@code topic}, read by a fresh read_committed consumer from the
     * beginning up to the end offsets taken when it starts (ingest answered 200 only after the ack,
     * so what was acknowledged is below them).
     */
    private static <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
        Map<String, Object> props = ContainerStack.consumerProps(KAFKA, "tc-reader-" + UUID.randomUUID());
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<String, V>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end);
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}

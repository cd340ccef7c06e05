package io.callstream.callbacks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.admin.AdminClient;
import io.callstream.callbacks.admin.CallbackAdminApi;
import io.callstream.callbacks.delivery.CallEvents;
import io.callstream.callbacks.delivery.CallbackDelivery;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-app isolation on a real broker and registry: one app's subscriber is dead (connection refused) with
 * 12,000 callbacks for it, another app's subscriber is healthy. The healthy app's callbacks all arrive while
 * none of the dead app's is delivered or given up, the committed offsets of {@code call-events} reach its end
 * (the dead app's callbacks are parked on the retry topic), and a restart re-sends none of the healthy
 * app's callbacks. Latencies are logged (not asserted): the figures in docs/callbacks.md come from here.
 */
class CallbackIsolationIT {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackIsolationIT.class);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension SCHEMA_REGISTRY = new SchemaRegistryExtension();

    static final long APP_DEAD = 1400000011L;
    static final long APP_HEALTHY = 1400000012L;
    static final int DEAD_CALLBACKS = 12_000;
    static final int HEALTHY_CALLBACKS = 300;
    static final String EVENTS = "iso-events";

    final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
    final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
    final Map<String, Long> sentAt = new ConcurrentHashMap<>();

    @Test
    void shouldDeliverTheHealthyAppWhileTenThousandCallbacksForADeadSubscriberPileUpAndNotResendItAfterARestart() throws Exception {
        KAFKA.createTopics(3, EVENTS, "iso-summaries");
        Vertx vertx = Vertx.vertx();
        HttpServer healthy = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            String callId = b.toJsonObject().getString("CallId");
            arrivedAt.putIfAbsent(callId, System.nanoTime());
            arrivals.computeIfAbsent(callId, k -> new AtomicInteger()).incrementAndGet();
            req.response().end("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            deadPort = s.getLocalPort(); // closed again: connection refused
        }
        Map<String, String> values = new HashMap<>();
        values.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        values.put("kafka.auto.offset.reset", "earliest");
        values.put("schema.registry.url", SCHEMA_REGISTRY.url());
        values.put("callbacks.admins", APP_DEAD + ":administrator," + APP_HEALTHY + ":administrator");
        values.put("callbacks.secret.keys", APP_DEAD + ":" + AdminClient.KEY + "," + APP_HEALTHY + ":" + AdminClient.KEY);
        values.put("callbacks.allow.private.addresses", "true");
        values.put("callbacks.request.timeout", "2s");
        values.put("topic.call-events", EVENTS);
        values.put("topic.call-summaries", "iso-summaries");
        values.put("topic.callback-config", "iso-config");
        values.put("topic.callback-deliveries-dlq", "iso-dlq");
        values.put("topic.callback-deliveries-retry", "iso-retry");
        values.put("callbacks.consumer.group", "iso");
        CallbacksConfig config = CallbacksConfig.of(values);

        try (CallbackAdminApi api = CallbackAdminApi.create(vertx, config);
             KafkaProducer<String, CallEvent> producer = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(),
                     AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", SCHEMA_REGISTRY.url())).serializer())) {
            int apiPort = serve(vertx, api);
            subscribe(apiPort, APP_DEAD, "http://127.0.0.1:" + deadPort + "/cb");
            subscribe(apiPort, APP_HEALTHY, "http://127.0.0.1:" + healthy.actualPort() + "/healthy");

            CallbackDelivery delivery = CallbackDelivery.start(config, new SimpleMeterRegistry());
            try {
                sendHealthy(producer, "base-");
                await().atMost(Duration.ofSeconds(120)).until(() -> arrived("base-") == HEALTHY_CALLBACKS);
                LOG.info("healthy app without a flood: {}", latencies("base-"));

                for (int i = 0; i < DEAD_CALLBACKS; i++) {
                    CallEvent e = CallEvents.event(APP_DEAD, "dead-" + i, "alice", CallRole.CALLER, CallEventType.START_CALL, 1_764_000_000L + i);
                    producer.send(new ProducerRecord<>(EVENTS, e.getCallId(), e));
                }
                producer.flush();
                sendHealthy(producer, "flood-");

                await().atMost(Duration.ofSeconds(180)).until(() -> arrived("flood-") == HEALTHY_CALLBACKS);
                List<JsonObject> deadLetters = read(config.dlqTopic());
                assertThat(deadLetters).as("no callback of the dead app was given up while the healthy app was served").isEmpty();
                LOG.info("healthy app during the flood of {} callbacks for a dead subscriber: {}", DEAD_CALLBACKS, latencies("flood-"));

                await().atMost(Duration.ofSeconds(180)).until(() -> parkedCalls(config.retryTopic()) >= DEAD_CALLBACKS);
                assertThat(read(config.dlqTopic())).isEmpty();
                await().atMost(Duration.ofSeconds(60)).until(() -> committedToTheEnd("iso", EVENTS));
                assertThat(delivery.isRunning()).isTrue();
            } finally {
                delivery.close();
            }
            Map<String, Integer> before = counts();

            try (CallbackDelivery restarted = CallbackDelivery.start(config, new SimpleMeterRegistry())) {
                sendHealthy(producer, "after-");
                await().atMost(Duration.ofSeconds(120)).until(() -> arrived("after-") == HEALTHY_CALLBACKS
                        && committedToTheEnd("iso", EVENTS));
            }
            Map<String, Integer> after = counts();
            before.forEach((callId, n) -> assertThat(after.get(callId)).as("%s delivered again after the restart", callId).isEqualTo(n));
            assertThat(before.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private void sendHealthy(KafkaProducer<String, CallEvent> producer, String prefix) throws Exception {
        for (int i = 0; i < HEALTHY_CALLBACKS; i++) {
            String callId = prefix + i;
            CallEvent e = CallEvents.event(APP_HEALTHY, callId, "bob", CallRole.CALLER, CallEventType.START_CALL, 1_765_000_000L + i);
            sentAt.put(callId, System.nanoTime());
            producer.send(new ProducerRecord<>(EVENTS, callId, e)).get();
        }
    }

    private long arrived(String prefix) {
        return arrivals.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> out = new HashMap<>();
        arrivals.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private String latencies(String prefix) {
        List<Long> ms = new ArrayList<>();
        sentAt.forEach((callId, t) -> {
            if (callId.startsWith(prefix) && arrivedAt.containsKey(callId)) {
                ms.add((arrivedAt.get(callId) - t) / 1_000_000);
            }
        });
        ms.sort(Long::compare);
        return ms.size() + " callbacks, p50 " + ms.get(ms.size() / 2) + " ms, p99 " + ms.get((int) Math.ceil(ms.size() * 0.99) - 1)
                + " ms, max " + ms.get(ms.size() - 1) + " ms";
    }

    private static void subscribe(int port, long app, String address) {
        JsonObject answer = new AdminClient(port, app, Instant.now().getEpochSecond()).post("/v1/callback/set",
                "{\"address\":\"" + address + "\",\"actions\":[\"caller_start_call\"]}").json();
        assertThat(answer.getInteger("errorCode")).as(answer.encode()).isZero();
    }

    private static int serve(Vertx vertx, CallbackAdminApi api) throws Exception {
        Router router = Router.router(vertx);
        api.mount(router);
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get().actualPort();
    }

    /** Distinct calls of the dead app parked on the retry topic and not marked done. */
    private static long parkedCalls(String retryTopic) {
        Set<String> parked = new HashSet<>();
        Set<String> done = new HashSet<>();
        for (JsonObject p : read(retryTopic)) {
            if (p.getLong("sdkAppId") == APP_DEAD) {
                (p.getString("type").equals("done") ? done : parked).add(p.getString("callId"));
            }
        }
        parked.removeAll(done);
        return parked.size();
    }

    private static boolean committedToTheEnd(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                req.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(req).all().get();
            return req.keySet().stream().allMatch(tp -> committed.get(tp) != null && committed.get(tp).offset() >= ends.get(tp).offset());
        }
    }

    private static List<JsonObject> read(String topic) {
        Map<String, Object> props = new HashMap<>(KAFKA.consumerProps("unused"));
        props.remove("group.id");
        List<JsonObject> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            var parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out.add(new JsonObject(r.value()));
                }
            }
        }
        return out;
    }
}

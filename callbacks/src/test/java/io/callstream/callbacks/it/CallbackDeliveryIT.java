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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on a real broker: configure through the admin API (real HTTP), produce CallEvents to
 * {@code call-events} as ingest does, and observe a real loopback receiver and {@code callback-deliveries-dlq}.
 */
class CallbackDeliveryIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension SCHEMA_REGISTRY = new SchemaRegistryExtension();

    static String registry;
    static final long APP_ORDER = AdminClient.APP;
    static final long APP_FLAKY = 1400000002L;
    static final long APP_DEAD = 1400000003L;
    static final long APP_OTHER = 1400000004L;
    static final long APP_RESTART = 1400000005L;
    static final long APP_REDELIVER = 1400000006L;
    static final long APP_BADCONF = 1400000007L;
    static final long APP_AFTER_BADCONF = 1400000008L;
    static final long APP_REPLAY = 1400000009L;

    static Vertx vertx;
    static Receiver receiver;
    static Map<String, String> configValues;
    static CallbacksConfig config;
    static CallbackDelivery delivery;
    static CallbackAdminApi api;
    static int apiPort;
    static KafkaProducer<String, CallEvent> producer;
    static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

    @BeforeAll
    static void startAll() throws Exception {
        KAFKA.createTopics(3, "call-events", "call-events-redeliver");
        registry = SCHEMA_REGISTRY.url();
        vertx = Vertx.vertx();
        receiver = new Receiver().start(vertx);
        StringBuilder admins = new StringBuilder();
        StringBuilder keys = new StringBuilder();
        for (long app : new long[] {APP_ORDER, APP_FLAKY, APP_DEAD, APP_OTHER, APP_RESTART, APP_REDELIVER, APP_BADCONF, APP_AFTER_BADCONF, APP_REPLAY}) {
            admins.append(admins.isEmpty() ? "" : ",").append(app).append(":administrator");
            keys.append(keys.isEmpty() ? "" : ",").append(app).append(':').append(AdminClient.KEY);
        }
        configValues = Map.of(
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "kafka.auto.offset.reset", "earliest",
                "schema.registry.url", registry,
                "callbacks.admins", admins.toString(),
                "callbacks.secret.keys", keys.toString(),
                "callbacks.allow.private.addresses", "true",
                "callbacks.max.retries", "3",
                "callbacks.retry.initial.backoff", "50ms",
                "callbacks.retry.max.backoff", "400ms",
                "callbacks.request.timeout", "2s");
        config = CallbacksConfig.of(configValues);
        api = CallbackAdminApi.create(vertx, config);
        apiPort = serve(api);
        delivery = CallbackDelivery.start(config, METRICS);
        producer = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(),
                AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", registry)).serializer());
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (delivery != null) {
            delivery.close();
        }
        if (api != null) {
            api.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void shouldDeliverExactlyTheConfiguredActionsInOrderPerCallWhenConfiguredThroughTheApi() throws Exception {
        AdminClient admin = admin(APP_ORDER);
        assertThat(admin.post("/v1/callback/set", "{\"address\":\"" + receiver.url("/order/legacy") + "\","
                + "\"actions\":[\"caller_start_call\",\"callee_accept_call\",\"normal_end\"]}").json().getInteger("errorCode")).isZero();
        assertThat(admin.post("/v4/call_config/set_callback", "{\"Url\":\"" + receiver.url("/order/v4") + "\","
                + "\"CallbackCommandList\":[\"Call.CallbackAfterStartCall\",\"Call.CallbackAfterMemberChanged\"]}")
                .json().getInteger("ErrorCode")).isZero();

        List<CallEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String call = "order-" + i;
            long t = 1_764_000_000L + i;
            events.add(CallEvents.event(APP_ORDER, call, "alice", CallRole.CALLER, CallEventType.START_CALL, t));
            events.add(CallEvents.event(APP_ORDER, call, "bob", CallRole.CALLEE, CallEventType.RECEIVE_CALL, t + 1));
            events.add(CallEvents.event(APP_ORDER, call, "bob", CallRole.CALLEE, CallEventType.ACCEPT_CALL, t + 2));
            events.add(CallEvents.event(APP_ORDER, call, "alice", CallRole.CALLER, CallEventType.CALL_END, t + 60));
            events.add(CallEvents.event(APP_ORDER, call, "bob", CallRole.CALLEE, CallEventType.CALL_END, t + 61));
        }
        produce(events);

        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.at("/order/legacy").size() >= 20
                && receiver.at("/order/v4").size() >= 20);
        for (int i = 0; i < 5; i++) {
            String call = "order-" + i;
            assertThat(commandsOf("/order/legacy", call)).as(call)
                    .containsExactly("caller_start_call", "callee_accept_call", "normal_end", "normal_end");
            assertThat(usersOf("/order/legacy", call)).as(call).containsExactly("alice", "bob", "alice", "bob");
            assertThat(v4CommandsOf("/order/v4", call)).as(call).containsExactly("Call.CallbackAfterStartCall",
                    "Call.CallbackAfterMemberChanged", "Call.CallbackAfterMemberChanged", "Call.CallbackAfterMemberChanged");
            assertThat(receiver.at("/order/v4").stream().filter(r -> call.equals(v4CallId(r.body())))
                    .filter(r -> r.body().containsKey("ChangedUserList"))
                    .map(r -> r.body().getJsonArray("ChangedUserList").getJsonObject(0).getString("ActionType")).toList())
                    .as(call).containsExactly("Answer", "Hangup", "Hangup");
        }
        Receiver.Received first = receiver.at("/order/legacy").stream()
                .filter(r -> r.body().getString("CallId").equals("order-0")).findFirst().orElseThrow();
        assertThat(first.query()).containsEntry("sdkappid", Long.toString(APP_ORDER)).containsEntry("command", "caller_start_call")
                .containsEntry("contenttype", "json").containsEntry("clientip", "127.0.0.1").containsEntry("optplatform", "iOS");
        assertThat(first.body().getString("Event")).isEqualTo("start_call");
        assertThat(first.body().getString("Role")).isEqualTo("caller");
        assertThat(first.body().getLong("EventTime")).isEqualTo(1_764_000_000L);
    }

    @Test
    void shouldDeliverOnceWhenTheReceiverFailsThreeTimesThenSucceeds() throws Exception {
        assertThat(admin(APP_FLAKY).post("/v1/callback/set", "{\"address\":\"" + receiver.url("/flaky/a") + "\","
                + "\"actions\":[\"caller_start_call\",\"normal_end\"]}").json().getInteger("errorCode")).isZero();

        produce(List.of(CallEvents.event(APP_FLAKY, "flaky-1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1_764_000_100L),
                CallEvents.event(APP_FLAKY, "flaky-1", "alice", CallRole.CALLER, CallEventType.CALL_END, 1_764_000_160L)));

        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.delivered("/flaky/a").size() >= 2);
        assertThat(receiver.at("/flaky/a")).extracting(Receiver.Received::answeredStatus).containsExactly(503, 503, 503, 200, 200);
        assertThat(receiver.delivered("/flaky/a")).extracting(r -> r.body().getString("Event")).containsExactly("start_call", "call_end");
        assertThat(deadLetters(APP_FLAKY)).isEmpty();
        assertThat(METRICS.get("callstream.callback.deliveries").tag("result", "delivered").counter().count()).isGreaterThanOrEqualTo(2);
        assertThat(METRICS.get("callstream.callback.delivery").tag("result", "delivered").timer().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldDeadLetterWithoutDelayingAnotherAppWhenTheReceiverIsDead() throws Exception {
        assertThat(admin(APP_DEAD).post("/v1/callback/set", "{\"address\":\"" + receiver.url("/hang/dead") + "\","
                + "\"actions\":[\"caller_start_call\"]}").json().getInteger("errorCode")).isZero();
        assertThat(admin(APP_OTHER).post("/v1/callback/set", "{\"address\":\"" + receiver.url("/other") + "\","
                + "\"actions\":[\"caller_start_call\"]}").json().getInteger("errorCode")).isZero();

        produce(List.of(CallEvents.event(APP_DEAD, "dead-1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1_764_000_200L),
                CallEvents.event(APP_DEAD, "dead-2", "alice", CallRole.CALLER, CallEventType.START_CALL, 1_764_000_201L)));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/hang/dead").size() >= 2);
        produce(List.of(CallEvents.event(APP_OTHER, "other-1", "carol", CallRole.CALLER, CallEventType.START_CALL, 1_764_000_202L)));

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered("/other").size() >= 1);
        assertThat(deadLetters(APP_DEAD)).as("the other app was served while the dead one still retried").isEmpty();

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(APP_DEAD).size() >= 2);
        List<JsonObject> dlq = deadLetters(APP_DEAD);
        assertThat(dlq).extracting(d -> d.getString("callId")).containsExactlyInAnyOrder("dead-1", "dead-2");
        assertThat(dlq).allSatisfy(d -> {
            assertThat(d.getInteger("attempts")).isEqualTo(4);
            assertThat(d.getString("lastError")).containsIgnoringCase("timed out");
            assertThat(d.getString("command")).isEqualTo("caller_start_call");
            assertThat(d.getJsonObject("body").getString("Event")).isEqualTo("start_call");
        });
        assertThat(receiver.at("/hang/dead")).hasSize(8);
        assertThat(METRICS.get("callstream.callback.deliveries").tag("result", "dead_lettered").counter().count()).isEqualTo(2);
        assertThat(METRICS.get("callstream.callback.retries").counter().count()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void shouldKeepTheConfigurationWhenANewApiInstanceStarts() throws Exception {
        AdminClient admin = admin(APP_RESTART);
        admin.post("/v1/callback/set", "{\"address\":\"http://www.example.com/legacy\",\"actions\":[\"normal_end\"]}");
        admin.post("/v4/call_config/set_callback", "{\"Url\":\"http://www.example.com/v4\","
                + "\"CallbackCommandList\":[\"Call.CallbackAfterEndCall\"]}");
        admin.post("/v4/call_config/set_callback", "{\"Url\":\"http://www.example.com/v4-updated\","
                + "\"CallbackCommandList\":[\"Call.CallbackAfterStartCall\"]}");

        try (CallbackAdminApi second = CallbackAdminApi.create(vertx, config)) {
            AdminClient fresh = new AdminClient(serve(second), APP_RESTART, Instant.now().getEpochSecond());
            JsonObject v4 = fresh.post("/v4/call_config/get_callback", "{}").json();
            assertThat(v4.getInteger("ErrorCode")).isZero();
            assertThat(v4.getJsonObject("Response").getString("Url")).isEqualTo("http://www.example.com/v4-updated");
            assertThat(v4.getJsonObject("Response").getJsonArray("CallbackCommandList")).containsExactly("Call.CallbackAfterStartCall");
            JsonObject legacy = fresh.post("/v1/callback/get", "{}").json().getJsonObject("data");
            assertThat(legacy.getString("address")).isEqualTo("http://www.example.com/legacy");

            assertThat(fresh.post("/v4/call_config/delete_callback", "{}").json().getInteger("ErrorCode")).isZero();
        }
        try (CallbackAdminApi third = CallbackAdminApi.create(vertx, config)) {
            AdminClient fresh = new AdminClient(serve(third), APP_RESTART, Instant.now().getEpochSecond());
            assertThat(fresh.post("/v4/call_config/get_callback", "{}").json().getInteger("ErrorCode")).isEqualTo(100301);
            assertThat(fresh.post("/v1/callback/get", "{}").json().getJsonObject("data").getString("address"))
                    .isEqualTo("http://www.example.com/legacy");
        }
    }

    @Test
    void shouldDeliverAfterARestartWhenTheEventWasNotFullyHandledBeforeIt() throws Exception {
        assertThat(admin(APP_REDELIVER).post("/v1/callback/set", "{\"address\":\"" + receiver.url("/toggle/r") + "\","
                + "\"actions\":[\"caller_start_call\"]}").json().getInteger("errorCode")).isZero();
        Map<String, String> own = new HashMap<>(configValues);
        own.put("topic.call-events", "call-events-redeliver");
        own.put("callbacks.consumer.group", "callbacks-redeliver");
        own.put("topic.callback-deliveries-retry", "callback-deliveries-retry-redeliver");
        own.put("callbacks.max.retries", "1000");
        CallbacksConfig redeliverConfig = CallbacksConfig.of(own);
        CallEvent event = CallEvents.event(APP_REDELIVER, "redeliver-1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1_764_000_300L);

        try (CallbackDelivery first = CallbackDelivery.start(redeliverConfig)) {
            producer.send(new ProducerRecord<>("call-events-redeliver", event.getCallId(), event)).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/toggle/r").size() >= 2);
        }
        int failedAttempts = receiver.at("/toggle/r").size();
        receiver.heal();
        try (CallbackDelivery second = CallbackDelivery.start(redeliverConfig)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered("/toggle/r").size() >= 1);
        }
        assertThat(receiver.at("/toggle/r")).hasSize(failedAttempts + 1);
        assertThat(receiver.delivered("/toggle/r")).singleElement()
                .satisfies(r -> assertThat(r.body().getString("CallId")).isEqualTo("redeliver-1"));
        assertThat(deadLetters(APP_REDELIVER)).isEmpty();
    }

    @Test
    void shouldDeadLetterAndGoOnWhenAStoredAddressNoLongerParses() throws Exception {
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(), new StringSerializer())) {
            raw.send(new ProducerRecord<>(config.configTopic(), Long.toString(APP_BADCONF), "{\"sdkAppId\":" + APP_BADCONF
                    + ",\"legacy\":{\"address\":\"http://bad host/cb\",\"names\":[\"caller_start_call\"]},\"updatedAt\":1}")).get();
        }
        assertThat(admin(APP_AFTER_BADCONF).post("/v1/callback/set", "{\"address\":\"" + receiver.url("/after-badconf") + "\","
                + "\"actions\":[\"caller_start_call\"]}").json().getInteger("errorCode")).isZero();

        produce(List.of(CallEvents.event(APP_BADCONF, "badconf-1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1_764_000_400L),
                CallEvents.event(APP_AFTER_BADCONF, "after-1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1_764_000_401L)));

        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.delivered("/after-badconf").size() >= 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> unhandledDeadLetters("badconf-1").size() >= 1);
        assertThat(unhandledDeadLetters("badconf-1")).singleElement().satisfies(d -> {
            assertThat(d.getString("lastError")).contains("stored callback configuration of SDKAppID " + APP_BADCONF);
            assertThat(d.getString("origin")).startsWith("call-events-");
        });
        assertThat(delivery.isRunning()).isTrue();
        assertThat(METRICS.get("callstream.callback.unhandled").tag("reason", "exception").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldSendTheDeadLettersAgainWithTheirIdWhenAnAdministratorReplaysTheirTimeRange() throws Exception {
        long start = Instant.now().getEpochSecond() - 1;
        assertThat(admin(APP_REPLAY).post("/v1/callback/set", "{\"address\":\"" + receiver.url("/gone/replay") + "\","
                + "\"actions\":[\"caller_start_call\"]}").json().getInteger("errorCode")).isZero();
        produce(List.of(CallEvents.event(APP_REPLAY, "replay-1", "alice", CallRole.CALLER, CallEventType.START_CALL, 1_764_000_500L)));
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(APP_REPLAY).size() >= 1);
        String firstId = receiver.at("/gone/replay").get(0).headers().get("webhook-id");
        receiver.healGone();

        JsonObject answer = admin(APP_REPLAY).post("/callstream/callbacks/replay", "{\"StartTime\":" + start + ",\"EndTime\":"
                + (Instant.now().getEpochSecond() + 60) + "}").json();

        assertThat(answer.getInteger("ErrorCode")).as(answer.encode()).isZero();
        assertThat(answer.getJsonObject("Response").getInteger("Replayed")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered("/gone/replay").size() >= 1);
        assertThat(receiver.delivered("/gone/replay")).singleElement().satisfies(r -> {
            assertThat(r.body().getString("CallId")).isEqualTo("replay-1");
            assertThat(r.headers().get("webhook-id")).startsWith("msg_").isEqualTo(firstId);
        });
        assertThat(admin(APP_REPLAY).post("/callstream/callbacks/replay", "{\"StartTime\":5,\"EndTime\":1}").json()
                .getInteger("ErrorCode")).isEqualTo(100002);
    }

    private static List<JsonObject> unhandledDeadLetters(String callId) {
        return allDeadLetters().stream().filter(d -> "unhandled".equals(d.getString("reason")) && callId.equals(d.getString("callId"))).toList();
    }

    private static AdminClient admin(long app) {
        return new AdminClient(apiPort, app, Instant.now().getEpochSecond());
    }

    private static int serve(CallbackAdminApi adminApi) throws Exception {
        Router router = Router.router(vertx);
        adminApi.mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
        return server.actualPort();
    }

    private static void produce(List<CallEvent> events) throws Exception {
        for (CallEvent e : events) {
            producer.send(new ProducerRecord<>("call-events", e.getCallId(), e)).get();
        }
    }

    private static List<String> commandsOf(String path, String callId) {
        return receiver.at(path).stream().filter(r -> r.body().getString("CallId").equals(callId))
                .map(r -> r.query().get("command")).toList();
    }

    private static List<String> v4CommandsOf(String path, String callId) {
        return receiver.at(path).stream().filter(r -> callId.equals(v4CallId(r.body())))
                .map(r -> r.query().get("CallbackCommand")).toList();
    }

    /** A v4 body's CallId: under CallInfo (start call), CallRecord (end call) or at the top (member changed). */
    static String v4CallId(JsonObject body) {
        for (String nested : new String[] {"CallInfo", "CallRecord"}) {
            if (body.containsKey(nested)) {
                return body.getJsonObject(nested).getString("CallId");
            }
        }
        return body.getString("CallId");
    }

    private static List<String> usersOf(String path, String callId) {
        return receiver.at(path).stream().filter(r -> r.body().getString("CallId").equals(callId))
                .map(r -> r.body().getString("UserId")).toList();
    }

    /** Every dead letter of an app currently in the DLQ topic (reads it to its end). */
    private static List<JsonObject> deadLetters(long app) {
        return allDeadLetters().stream().filter(j -> j.containsKey("sdkAppId") && j.getLong("sdkAppId") == app).toList();
    }

    private static List<JsonObject> allDeadLetters() {
        Map<String, Object> props = new HashMap<>(KAFKA.consumerProps("unused"));
        props.remove("group.id");
        List<JsonObject> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            var parts = c.partitionsFor(config.dlqTopic(), Duration.ofSeconds(10)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out.add(new JsonObject(r.value()));
                }
            }
        }
        return out;
    }
}

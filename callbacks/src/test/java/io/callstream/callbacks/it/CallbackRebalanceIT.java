package io.callstream.callbacks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.CallbacksService;
import io.callstream.callbacks.admin.AdminClient;
import io.callstream.callbacks.delivery.CallEvents;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebalances between real instances: two {@link CallbacksService}s in one consumer group on a real broker
 * deliver the events of many calls to a slow subscriber; while callbacks flow, a third instance joins and then
 * the first one is closed, so partitions move twice. Every callback arrives, each call's callbacks arrive
 * (first arrival of each {@code webhook-id}) in the order of its events, also when the first attempt of every
 * 7th callback is answered 503 (parked on the retry topic, its call's later callbacks parked behind it, retried
 * by whichever instance then owns the partition), and every repeated arrival carries the same
 * {@code webhook-id}. Joining and leaving are graceful here (a revoked partition's work is finished or parked
 * before its offsets are committed), so no callback answered 200 is sent again; a crash may re-send
 * (at least once, with the same {@code webhook-id}).
 */
class CallbackRebalanceIT {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackRebalanceIT.class);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension SCHEMA_REGISTRY = new SchemaRegistryExtension();

    static final long APP = 1400000021L;
    static final int CALLS = 40;
    static final int EVENTS_PER_CALL = 12;
    static final long BASE_SECONDS = 1_766_000_000L;

    /** Per call, the arrivals in order: [event sequence number, webhook-id]. */
    final Map<String, List<String[]>> arrivals = new ConcurrentHashMap<>();
    final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    @Test
    void shouldKeepEachCallsOrderAndLoseOrRepeatNoCallbackWhenInstancesJoinAndLeaveGracefully() throws Exception {
        KAFKA.createTopics(3, "reb-events", "reb-summaries");
        Vertx vertx = Vertx.vertx();
        HttpServer slow = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            JsonObject body = b.toJsonObject();
            String callId = body.getString("CallId");
            long seq = body.getLong("EventTime") - BASE_SECONDS;
            String id = req.getHeader("webhook-id");
            // the first attempt of every 7th callback fails: it is parked, and the call's later ones behind it
            boolean fail = (Integer.parseInt(callId.substring(5)) + seq) % 7 == 0 && failedOnce.add(id);
            List<String[]> list = arrivals.computeIfAbsent(callId, k -> new ArrayList<>());
            synchronized (list) {
                list.add(new String[] {Long.toString(seq), id, fail ? "failed" : "ok"});
            }
            vertx.setTimer(15, t -> {
                if (fail) {
                    req.response().setStatusCode(503).end();
                } else {
                    req.response().end("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
                }
            });
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();

        Map<String, String> values = new HashMap<>();
        values.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        values.put("kafka.auto.offset.reset", "earliest");
        values.put("schema.registry.url", SCHEMA_REGISTRY.url());
        values.put("callbacks.http.host", "127.0.0.1");
        values.put("callbacks.http.port", "0");
        values.put("callbacks.admins", APP + ":administrator");
        values.put("callbacks.secret.keys", APP + ":" + AdminClient.KEY);
        values.put("callbacks.allow.private.addresses", "true");
        values.put("callbacks.request.timeout", "2s");
        values.put("callbacks.retry.initial.backoff", "300ms");
        values.put("topic.call-events", "reb-events");
        values.put("topic.call-summaries", "reb-summaries");
        values.put("topic.callback-config", "reb-config");
        values.put("topic.callback-deliveries-dlq", "reb-dlq");
        values.put("topic.callback-deliveries-retry", "reb-retry");
        values.put("callbacks.consumer.group", "reb");
        CallbacksConfig config = CallbacksConfig.of(values);

        CallbacksService first = CallbacksService.start(config);
        CallbacksService second = null;
        CallbacksService third = null;
        try (KafkaProducer<String, CallEvent> producer = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(),
                AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", SCHEMA_REGISTRY.url())).serializer())) {
            JsonObject answer = new AdminClient(first.port(), APP, Instant.now().getEpochSecond()).post("/v1/callback/set",
                    "{\"address\":\"http://127.0.0.1:" + slow.actualPort() + "/slow\",\"actions\":[\"caller_start_call\"]}").json();
            assertThat(answer.getInteger("errorCode")).as(answer.encode()).isZero();
            second = CallbacksService.start(config);
            awaitMembers(2);

            for (int seq = 0; seq < EVENTS_PER_CALL; seq++) {
                for (int c = 0; c < CALLS; c++) {
                    CallEvent e = CallEvents.event(APP, "call-" + c, "alice", CallRole.CALLER, CallEventType.START_CALL, BASE_SECONDS + seq);
                    producer.send(new ProducerRecord<>("reb-events", e.getCallId(), e));
                }
                producer.flush();
                if (seq == EVENTS_PER_CALL / 3) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> total() > 0);
                    long before = total();
                    third = CallbacksService.start(config); // joins: partitions move while callbacks are in flight
                    awaitMembers(3);
                    LOG.info("third instance joined after {} arrivals (assigned at {})", before, total());
                } else if (seq == 2 * EVENTS_PER_CALL / 3) {
                    long before = total();
                    first.close(); // leaves: its partitions move to the others
                    first = null;
                    awaitMembers(2);
                    LOG.info("first instance closed after {} arrivals (then {})", before, total());
                }
                Thread.sleep(100);
            }
            await().atMost(Duration.ofSeconds(180)).until(() -> delivered() == (long) CALLS * EVENTS_PER_CALL);
            Thread.sleep(2000); // late re-sends, if any, are counted too

            int resent = 0;
            List<String> resends = new ArrayList<>();
            for (int c = 0; c < CALLS; c++) {
                List<String[]> list = arrivals.get("call-" + c);
                assertThat(list).as("call-%d arrived", c).isNotNull();
                List<Long> firstArrivals = new ArrayList<>();
                Set<String> ids = new HashSet<>();
                Set<String> delivered = new HashSet<>();
                Map<Long, String> idOfSeq = new HashMap<>();
                synchronized (list) {
                    for (String[] a : list) {
                        long seq = Long.parseLong(a[0]);
                        if (ids.add(a[1])) {
                            firstArrivals.add(seq);
                            idOfSeq.put(seq, a[1]);
                        }
                        if (a[2].equals("ok") && !delivered.add(a[1])) {
                            resent++; // delivered (200) before: an at-least-once re-send
                            resends.add("call-" + c + " #" + seq);
                        }
                        assertThat(idOfSeq.get(seq)).as("call-%d event %d always carries the same webhook-id", c, seq).isEqualTo(a[1]);
                    }
                }
                List<Long> expected = new ArrayList<>();
                for (long s = 0; s < EVENTS_PER_CALL; s++) {
                    expected.add(s);
                }
                assertThat(firstArrivals).as("call-%d: callbacks in the order of its events, none lost", c).isEqualTo(expected);
            }
            LOG.info("re-sent after a 200: {}", resends);
            assertThat(failedOnce).as("first attempts answered 503 (parked, retried)").isNotEmpty();
            LOG.info("{} callbacks of {} calls delivered across two rebalances: {} arrivals, {} first attempts answered 503 "
                    + "and retried, {} re-sent after a 200 (same webhook-id)", CALLS * EVENTS_PER_CALL, CALLS, total(), failedOnce.size(), resent);
            assertThat(resends).as("callbacks sent again after a 200 although the instances joined and left gracefully").isEmpty();
        } finally {
            for (CallbacksService s : new CallbacksService[] {first, second, third}) {
                if (s != null) {
                    s.close();
                }
            }
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** Waits until the group is stable with {@code n} members that each hold call-events partitions, and logs them. */
    private static void awaitMembers(int n) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
                ConsumerGroupDescription g = admin.describeConsumerGroups(List.of("reb")).all().get().get("reb");
                boolean ready = g.groupState() == GroupState.STABLE && g.members().size() == n && g.members().stream()
                        .allMatch(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals("reb-events")));
                if (ready) {
                    g.members().forEach(m -> LOG.info("member {}: {}", m.consumerId(), m.assignment().topicPartitions()));
                }
                return ready;
            }
        });
    }

    private long total() {
        return arrivals.values().stream().mapToLong(l -> {
            synchronized (l) {
                return l.size();
            }
        }).sum();
    }

    /** Distinct webhook-ids answered 200. */
    private long delivered() {
        return arrivals.values().stream().mapToLong(l -> {
            synchronized (l) {
                return l.stream().filter(a -> a[2].equals("ok")).map(a -> a[1]).distinct().count();
            }
        }).sum();
    }
}

package io.callstream.callbacks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MemberAction;
import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.CallbacksService;
import io.callstream.callbacks.admin.AdminClient;
import io.callstream.callbacks.delivery.CallEvents;
import io.callstream.schemas.serde.AvroSerializer;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A v4 subscriber of the real callbacks service ({@link CallbacksService}, as its main runs it) on a real
 * broker and registry, with a loopback receiver: calls in every family written to {@code call-events} as
 * ingest writes them and their summaries to {@code call-summaries} as the processor does; the subscriber
 * gets v4 start calls, member changes and one documented {@code Call.CallbackAfterEndCall} per call, in
 * per-call order, also when the service starts behind a backlog of both topics.
 */
class V4SubscriberIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension SCHEMA_REGISTRY = new SchemaRegistryExtension();

    static final long APP_BACKLOG = AdminClient.APP;
    static final long APP_LIVE = 1400000002L;
    static final long APP_V1 = 1400000003L;
    static final int CALLS_PER_FAMILY = 12;
    /** Section 2.2's field list of the call record, exactly. */
    static final List<String> RECORD_FIELDS = List.of("CallId", "Caller_Account", "MediaType", "CallType", "StartTime",
            "EndTime", "AcceptTime", "CallResult", "CalleeList_Account", "RoomId", "RoomIdType");

    static Vertx vertx;
    static Receiver receiver;
    static KafkaProducer<String, SpecificRecord> producer;
    static CallbacksService service;

    @BeforeAll
    static void start() throws Exception {
        KAFKA.createTopics(3, "call-events", "call-summaries");
        vertx = Vertx.vertx();
        receiver = new Receiver().start(vertx);
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>(); // CallEvent and CallSummary, as ingest and processor write them
        values.configure(Map.of("schema.registry.url", SCHEMA_REGISTRY.url()), false);
        producer = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(), values);
        try (CallbacksService first = CallbacksService.start(config())) {
            subscribe(first, APP_BACKLOG, "/v4/backlog");
            subscribe(first, APP_LIVE, "/v4/live");
            AdminClient v1 = new AdminClient(first.port(), APP_V1, Instant.now().getEpochSecond());
            assertThat(v1.post("/v1/callback/set", "{\"address\":\"" + receiver.url("/v1/live") + "\",\"actions\":["
                    + "\"caller_start_call\",\"callee_accept_call\",\"normal_end\"]}").json().getInteger("errorCode")).isZero();
        }
        produce(backlog());
        service = CallbacksService.start(config());
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (producer != null) {
            producer.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static CallbacksConfig config() {
        Map<String, String> values = new HashMap<>();
        values.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        values.put("kafka.auto.offset.reset", "earliest");
        // one batch per partition per fetch: summaries (one per call) run ahead of their calls' events (three or four)
        values.put("kafka.max.partition.fetch.bytes", "1");
        values.put("kafka.max.poll.records", "7");
        values.put("schema.registry.url", SCHEMA_REGISTRY.url());
        values.put("callbacks.consumer.group", "v4-subscriber-it");
        values.put("callbacks.http.host", "127.0.0.1");
        values.put("callbacks.http.port", "0");
        values.put("callbacks.allow.private.addresses", "true");
        StringBuilder admins = new StringBuilder();
        StringBuilder keys = new StringBuilder();
        for (long app : new long[] {APP_BACKLOG, APP_LIVE, APP_V1}) {
            admins.append(admins.isEmpty() ? "" : ",").append(app).append(":administrator");
            keys.append(keys.isEmpty() ? "" : ",").append(app).append(':').append(AdminClient.KEY);
        }
        values.put("callbacks.admins", admins.toString());
        values.put("callbacks.secret.keys", keys.toString());
        return CallbacksConfig.of(values);
    }

    private static void subscribe(CallbacksService at, long app, String path) {
        AdminClient admin = new AdminClient(at.port(), app, Instant.now().getEpochSecond());
        assertThat(admin.post("/v4/call_config/set_callback", "{\"Url\":\"" + receiver.url(path) + "\",\"CallbackCommandList\":["
                + "\"Call.CallbackAfterStartCall\",\"Call.CallbackAfterEndCall\",\"Call.CallbackAfterMemberChanged\"]}")
                .json().getInteger("ErrorCode")).isZero();
    }

    /** Per family, answered v4 calls, missed v1 calls and answered mixed v1+v4 calls: events first, then the summary. */
    private static List<ProducerRecord<String, SpecificRecord>> backlog() {
        List<ProducerRecord<String, SpecificRecord>> out = new ArrayList<>();
        long t = Instant.now().getEpochSecond() - 3600;
        for (int i = 0; i < CALLS_PER_FAMILY; i++) {
            String v4 = "v4-" + i;
            event(out, CallEvents.startCall(APP_BACKLOG, v4, t * 1000, "alice", "bob"));
            event(out, CallEvents.memberChanged(APP_BACKLOG, v4, (t + 5) * 1000, "bob", MemberAction.ANSWER, "Answer", List.of("alice", "bob")));
            event(out, CallEvents.memberChanged(APP_BACKLOG, v4, (t + 65) * 1000, "alice", MemberAction.HANG_UP, "Hangup", List.of("bob")));
            summary(out, CallEvents.summary(APP_BACKLOG, v4, CallOutcome.COMPLETED, 1, t, "alice", "bob"));

            String v1 = "v1-" + i;
            event(out, CallEvents.event(APP_BACKLOG, v1, "carol", CallRole.CALLER, CallEventType.START_CALL, t));
            event(out, CallEvents.event(APP_BACKLOG, v1, "dave", CallRole.CALLEE, CallEventType.RECEIVE_CALL, t + 1));
            event(out, CallEvents.event(APP_BACKLOG, v1, "dave", CallRole.CALLEE, CallEventType.NOT_ANSWER_CALL, t + 30));
            event(out, CallEvents.event(APP_BACKLOG, v1, "carol", CallRole.CALLER, CallEventType.CALL_MISSED, t + 30));
            summary(out, CallEvents.summary(APP_BACKLOG, v1, CallOutcome.MISSED, 1, t, "carol", "dave"));

            String mixed = "mixed-" + i;
            event(out, CallEvents.event(APP_BACKLOG, mixed, "erin", CallRole.CALLER, CallEventType.START_CALL, t));
            event(out, CallEvents.memberChanged(APP_BACKLOG, mixed, (t + 5) * 1000, "frank", MemberAction.ANSWER, "Accept",
                    List.of("erin", "frank")));
            event(out, CallEvents.event(APP_BACKLOG, mixed, "frank", CallRole.CALLEE, CallEventType.CALL_END, t + 65));
            summary(out, CallEvents.summary(APP_BACKLOG, mixed, CallOutcome.COMPLETED, 1, t, "erin", "frank"));
        }
        return out;
    }

    @Test
    void shouldReceiveStartMemberChangesAndOneDocumentedEndCallPerCallInOrderWhenCallsOfEveryFamilyWaitInABacklog() {
        await().atMost(Duration.ofSeconds(90)).until(() -> receiver.at("/v4/backlog").size() >= CALLS_PER_FAMILY * 11);

        for (int i = 0; i < CALLS_PER_FAMILY; i++) {
            assertThat(sequence("/v4/backlog", "v4-" + i)).containsExactly("StartCall", "Answer", "Hangup", "EndCall:NormalEnd");
            assertThat(sequence("/v4/backlog", "v1-" + i)).containsExactly("StartCall", "NotAnswer", "EndCall:NotAnswer");
            assertThat(sequence("/v4/backlog", "mixed-" + i)).containsExactly("StartCall", "Accept", "Hangup", "EndCall:NormalEnd");
        }
        assertThat(receiver.at("/v4/backlog")).allSatisfy(r -> assertThat(r.query())
                .containsOnlyKeys("SdkAppid", "CallbackCommand", "contenttype", "ClientIP", "OptPlatform")
                .containsEntry("SdkAppid", Long.toString(APP_BACKLOG)).containsEntry("contenttype", "json")
                .containsEntry("CallbackCommand", r.body().getString("CallbackCommand")));

        JsonObject endCall = endCalls("/v4/backlog", "v1-0").get(0).body();
        assertThat(endCall.fieldNames()).containsExactlyInAnyOrder("CallbackCommand", "CallRecord", "EventTime");
        JsonObject record = endCall.getJsonObject("CallRecord");
        assertThat(record.fieldNames()).containsExactlyInAnyOrderElementsOf(RECORD_FIELDS);
        long t = record.getLong("StartTime");
        assertThat(record).isEqualTo(new JsonObject().put("CallId", "v1-0").put("Caller_Account", "carol").put("MediaType", "Video")
                .put("CallType", "SingleCall").put("StartTime", t).put("EndTime", t + 30).put("AcceptTime", 0)
                .put("CallResult", "NotAnswer").put("CalleeList_Account", List.of("carol", "dave")).put("RoomId", "1234")
                .put("RoomIdType", 1));
        assertThat(endCall.getLong("EventTime")).isEqualTo((t + 30) * 1000);
        assertThat(endCalls("/v4/backlog", "v4-0").get(0).body().getJsonObject("CallRecord").getLong("AcceptTime"))
                .isEqualTo(t + 5);
    }

    @Test
    void shouldResendTheEndCallOnlyWhenARevisionChangesTheResult() throws Exception {
        long t = Instant.now().getEpochSecond() - 600;
        List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
        summary(records, CallEvents.summary(APP_LIVE, "rev-1", CallOutcome.MISSED, 1, t, "alice", "bob"));
        summary(records, CallEvents.summary(APP_LIVE, "rev-1", CallOutcome.MISSED, 2, t, "alice", "bob"));
        summary(records, CallEvents.summary(APP_LIVE, "rev-1", CallOutcome.COMPLETED, 3, t, "alice", "bob"));
        summary(records, CallEvents.summary(APP_LIVE, "rev-1", CallOutcome.COMPLETED, 4, t, "alice", "bob"));
        summary(records, CallEvents.summary(APP_LIVE, "rev-2", CallOutcome.REJECTED, 1, t, "alice", "bob"));
        produce(records);

        // the two unchanged revisions (2 and 4) are decided once the metric counts them
        await().atMost(Duration.ofSeconds(30)).until(() -> summaries("unchanged") >= 2
                && endCalls("/v4/live", "rev-1").size() >= 2 && endCalls("/v4/live", "rev-2").size() >= 1);

        assertThat(sequence("/v4/live", "rev-1")).containsExactly("EndCall:NotAnswer", "EndCall:NormalEnd");
        assertThat(sequence("/v4/live", "rev-2")).containsExactly("EndCall:Reject");
    }

    @Test
    void shouldGiveAV1SubscriberV1BodiesWhenTheCallbacksCameAsV4() throws Exception {
        long t = Instant.now().getEpochSecond() - 600;
        List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
        event(records, CallEvents.startCall(APP_V1, "gen-1", t * 1000, "alice", "bob"));
        event(records, CallEvents.memberChanged(APP_V1, "gen-1", (t + 5) * 1000, "bob", MemberAction.ANSWER, "Answer", List.of("alice", "bob")));
        event(records, CallEvents.memberChanged(APP_V1, "gen-1", (t + 65) * 1000, "bob", MemberAction.HANG_UP, "Hangup", List.of("alice")));
        summary(records, CallEvents.summary(APP_V1, "gen-1", CallOutcome.COMPLETED, 1, t, "alice", "bob"));
        produce(records);

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.at("/v1/live").size() >= 3);

        List<Receiver.Received> got = receiver.at("/v1/live");
        assertThat(got).extracting(r -> r.query().get("command")).containsExactly("caller_start_call", "callee_accept_call", "normal_end");
        assertThat(got).extracting(r -> r.body().getString("Event")).containsExactly("start_call", "accept_call", "call_end");
        assertThat(got).extracting(r -> r.body().getString("UserId")).containsExactly("alice", "bob", "bob");
        assertThat(got).allSatisfy(r -> assertThat(r.query()).containsEntry("sdkappid", Long.toString(APP_V1))
                .doesNotContainKey("CallbackCommand"));
    }

    /** {@code callstream_callback_summaries_total{outcome}} as the service's {@code /metrics} shows it. */
    private static double summaries(String outcome) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("^callstream_callback_summaries_total\\{outcome=\"" + outcome + "\",?} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** What a call's subscriber got, in order: StartCall, the member actions, EndCall:result. */
    private static List<String> sequence(String path, String callId) {
        return receiver.at(path).stream().filter(r -> callId.equals(CallbackDeliveryIT.v4CallId(r.body()))).map(r -> {
            JsonObject b = r.body();
            return switch (b.getString("CallbackCommand")) {
                case "Call.CallbackAfterStartCall" -> "StartCall";
                case "Call.CallbackAfterMemberChanged" -> b.getJsonArray("ChangedUserList").getJsonObject(0).getString("ActionType");
                default -> "EndCall:" + b.getJsonObject("CallRecord").getString("CallResult");
            };
        }).toList();
    }

    private static List<Receiver.Received> endCalls(String path, String callId) {
        return receiver.at(path).stream().filter(r -> r.body().containsKey("CallRecord"))
                .filter(r -> callId.equals(r.body().getJsonObject("CallRecord").getString("CallId"))).toList();
    }

    private static void event(List<ProducerRecord<String, SpecificRecord>> out, CallEvent e) {
        out.add(new ProducerRecord<>("call-events", e.getCallId(), e));
    }

    private static void summary(List<ProducerRecord<String, SpecificRecord>> out, CallSummary s) {
        out.add(new ProducerRecord<>("call-summaries", s.getCallId(), s));
    }

    /** One record per batch (each send waits for its ack), in the order given. */
    private static void produce(List<ProducerRecord<String, SpecificRecord>> records) throws Exception {
        for (ProducerRecord<String, SpecificRecord> r : records) {
            producer.send(r).get();
        }
    }
}

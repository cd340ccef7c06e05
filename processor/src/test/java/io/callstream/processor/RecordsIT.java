package io.callstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.common.auth.UserSigTool;
import io.callstream.schemas.config.Settings;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The call-records API on two real processor instances (child JVMs) sharing the partitions of
 * call-summaries on a real broker: every query asked of either instance gets the same answer; after one
 * instance is killed with SIGKILL, the survivor answers every query correctly once it has taken over,
 * and until then answers "try again" (101001), never a partial page.
 */
class RecordsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    private static final long APP = 1400000001L;
    private static final String KEY = "records-it-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CALLS = 40;
    /** Answers that are neither complete nor "try again", seen at any time (polling retries would hide them). */
    private static final List<String> WRONG_ANSWERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void shouldAnswerAlikeOnBothInstancesAndOnTheSurvivorWhenOneIsKilled() throws Exception {
        ItTopics n = new ItTopics();
        KAFKA.createTopics(2, n.events);
        KAFKA.createTopics(4, n.summaries);
        KAFKA.createTopics(1, n.dlq, n.alerts);
        Instant t0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<CallSummary> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            calls.add(summary(String.format("rec-%02d", i), t0.plusSeconds(60L * i), i % 3 == 0 ? CallOutcome.MISSED
                    : CallOutcome.COMPLETED));
        }
        produce(n.summaries, calls);
        int portA = freePort();
        int portB = freePort();
        Process a = startChild(config(n, portA));
        Process b = startChild(config(n, portB));
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> totalNum(portA) == CALLS && totalNum(portB) == CALLS);
            assertBothInstancesOwnPartitions(n);

            for (CallSummary s : calls) {
                JsonNode fromA = byCallIdV4(portA, s.getCallId());
                assertThat(byCallIdV4(portB, s.getCallId())).isEqualTo(fromA);
                assertThat(fromA.at("/Response/CallRecord/StartTime").asLong()).isEqualTo(s.getStartedAt().getEpochSecond());
                assertThat(fromA.at("/Response/CallRecord/CallResult").asText())
                        .isEqualTo(s.getOutcome() == CallOutcome.MISSED ? "NotAnswer" : "NormalEnd");
                assertThat(post(portA, "/v1/records/get_record_by_callId", "{\"callId\":\"" + s.getCallId() + "\"}"))
                        .isEqualTo(withoutRequestId(post(portB, "/v1/records/get_record_by_callId",
                                "{\"callId\":\"" + s.getCallId() + "\"}")));
            }
            List<String> expected = calls.stream().map(CallSummary::getCallId).toList();
            assertThat(allPagesV4(portA, 7)).isEqualTo(expected).isEqualTo(allPagesV4(portB, 7));
            String missed = "{\"startTimestamp\":" + t0.getEpochSecond() + ",\"callResult\":\"not_answer\",\"numberPerPage\":5,\"page\":2}";
            JsonNode v1Page = post(portA, "/v1/records/get_records_by_filter", missed);
            assertThat(v1Page).isEqualTo(post(portB, "/v1/records/get_records_by_filter", missed));
            assertThat(v1Page.at("/data/totalNum").asInt()).isEqualTo(14);
            assertThat(v1Page.at("/data/callRecordList")).extracting(r -> r.get("callId").asText())
                    .containsExactly("rec-15", "rec-18", "rec-21", "rec-24", "rec-27");
            assertThat(byCallIdV4(portA, "no-such-call").get("ErrorCode").asInt()).isEqualTo(101050);

            a.destroyForcibly(); // SIGKILL: no clean leave; the group notices after session.timeout.ms
            a.waitFor();

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(allPagesV4(portB, 7)).isEqualTo(expected);
                for (CallSummary s : calls) {
                    assertThat(byCallIdV4(portB, s.getCallId()).at("/Response/CallRecord/CallId").asText())
                            .isEqualTo(s.getCallId());
                }
            });
            assertThat(WRONG_ANSWERS).as("answers neither complete nor 'try again'").isEmpty();
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
    }

    /** Every page of an unfiltered v4 filter; an answer is either complete or "try again" (101001), never partial. */
    private static List<String> allPagesV4(int port, int perPage) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode r = post(port, "/v4/call_record_http_srv/get_record_by_filter",
                    "{\"NumberPerPage\":" + perPage + ",\"Page\":" + page + "}");
            if (r.get("ErrorCode").asInt() != 0) {
                if (r.get("ErrorCode").asInt() != 101001) {
                    WRONG_ANSWERS.add(r.toString()); // only "try again" may fail a query
                }
                throw new AssertionError("try again: " + r.get("ErrorInfo").asText());
            }
            if (r.at("/Response/TotalNum").asInt() != CALLS) {
                WRONG_ANSWERS.add(r.toString()); // a partial answer: never acceptable, even while rebalancing
            }
            JsonNode list = r.at("/Response/CallRecordList");
            if (list.isEmpty()) {
                assertThat(r.at("/Response/Page").asInt()).isZero();
                return ids;
            }
            assertThat(r.at("/Response/Page").asInt()).isEqualTo(page);
            list.forEach(c -> ids.add(c.get("CallId").asText()));
        }
    }

    private static int totalNum(int port) {
        try {
            JsonNode r = post(port, "/v4/call_record_http_srv/get_record_by_filter", "{}");
            return r.get("ErrorCode").asInt() == 0 ? r.at("/Response/TotalNum").asInt() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static JsonNode byCallIdV4(int port, String callId) throws Exception {
        return withoutRequestId(post(port, "/v4/call_record_http_srv/get_record_by_callid", "{\"CallId\":\"" + callId + "\"}"));
    }

    /**
     * One query; an answer "rate limited" (v4 60011, v1 70005: the spec's per-second limits, per instance,
     * e.g. 20/s for v1 by callId) is asked again after a pause, so that a fast machine does not fail the test.
     */
    private static JsonNode post(int port, String path, String body) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            JsonNode answer = postOnce(port, path, body);
            boolean limited = answer.path("ErrorCode").asInt() == 60011 || answer.path("errorCode").asInt() == 70005;
            if (!limited || attempt == 20) {
                return answer;
            }
            Thread.sleep(250);
        }
    }

    private static JsonNode postOnce(int port, String path, String body) throws IOException, InterruptedException {
        String sig = UserSigTool.generate(APP, KEY, "administrator", 86_400, Instant.now().getEpochSecond());
        URI uri = URI.create("http://127.0.0.1:" + port + path + "?sdkappid=" + APP + "&identifier=administrator&usersig="
                + sig + "&random=" + (int) (Math.random() * 1_000_000) + "&contenttype=json");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Documents.check("POST", uri, body, r);
        return withoutRequestId(JSON.readTree(r.body()));
    }

    private static JsonNode withoutRequestId(JsonNode n) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove(List.of("RequestId", "requestId"));
        return n;
    }

    private static void assertBothInstancesOwnPartitions(ItTopics n) throws Exception {
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", KAFKA.bootstrapServers()));
        try (Admin admin = Admin.create(props)) {
            String group = "processor-records-it-" + n.id;
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            assertThat(g.members()).hasSize(2);
            for (MemberDescription m : g.members()) {
                assertThat(m.assignment().topicPartitions()).as("member %s", m.consumerId())
                        .anyMatch(tp -> tp.topic().equals(n.summaries));
            }
        }
    }

    private static CallSummary summary(String callId, Instant start, CallOutcome outcome) {
        boolean answered = outcome == CallOutcome.COMPLETED;
        return CallSummary.newBuilder().setCallId(callId).setSdkAppId(APP).setRoomId("roomid-1434")
                .setCallType(CallType.SINGLE).setMediaType(MediaType.AUDIO).setCallerId("alice").setOutcome(outcome)
                .setParticipants(List.of(
                        Participant.newBuilder().setUserId("alice").setRole(CallRole.CALLER)
                                .setOutcome(answered ? ParticipantOutcome.ANSWERED : ParticipantOutcome.UNKNOWN).build(),
                        Participant.newBuilder().setUserId("bob").setRole(CallRole.CALLEE)
                                .setOutcome(answered ? ParticipantOutcome.ANSWERED : ParticipantOutcome.MISSED).build()))
                .setStartedAt(start).setAnsweredAt(answered ? start.plusSeconds(3) : null).setEndedAt(start.plusSeconds(40))
                .setRingDurationMs(answered ? 3000L : null).setTalkDurationMs(answered ? 37_000 : 0).setEventCount(6)
                .setDuplicateCount(0).setClosedBy(ClosedBy.EVENTS).setRevision(1).build();
    }

    private static void produce(String topic, List<CallSummary> summaries) {
        Map<String, Object> serde = Map.of("schema.registry.url", REGISTRY.url());
        try (KafkaProducer<String, CallSummary> p = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(),
                AvroSerde.of(CallSummary.class, serde).serializer())) {
            for (CallSummary s : summaries) {
                p.send(new ProducerRecord<>(topic, s.getCallId(), s));
            }
            p.flush();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Map<String, String> config(ItTopics n, int port) throws IOException {
        Map<String, String> c = n.config("processor-records-it-", KAFKA.bootstrapServers(), REGISTRY.url(),
                Files.createTempDirectory("records-it-"));
        c.put("processor.port", String.valueOf(port));
        c.put("records.advertised.host", "127.0.0.1");
        c.put("records.admins", APP + ":administrator");
        c.put("records.secret.keys", APP + ":" + KEY);
        c.put("records.query.retry.timeout", "2s");
        c.put("kafka.session.timeout.ms", "6000");
        c.put("kafka.heartbeat.interval.ms", "1000");
        return c;
    }

    /** ProcessorMain in its own JVM, configured through CALLSTREAM_* environment variables only. */
    private static Process startChild(Map<String, String> config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ProcessorMain.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("CALLSTREAM_"));
        config.forEach((k, v) -> pb.environment().put(Settings.envName(k), v));
        Path log = Path.of("target", "records-child-" + UUID.randomUUID() + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }
}

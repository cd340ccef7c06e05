package io.callstream.processor;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_ACCEPTED;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.CALL_MISSED;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.avro.CallEvent;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live console's API on two processor instances sharing call-events' partitions on a real broker: the
 * stream served by one instance adds up both instances' figures (found through application.server), and
 * the call lookup answers for any call on either instance.
 */
class ConsoleIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CALLS = 12;

    @TempDir
    Path tmp;

    @Test
    void shouldAddUpBothInstancesWhenTwoProcessorsShareTheCalls() throws Exception {
        ItTopics n = new ItTopics();
        KAFKA.createTopics(4, n.events, n.summaries);
        KAFKA.createTopics(1, n.dlq, n.alerts, n.participants);
        try (ProcessorApp a = ProcessorApp.start(ProcessorConfig.of(n.config("console-it-", KAFKA.bootstrapServers(),
                REGISTRY.url(), Files.createTempDirectory(tmp, "a-"))));
             ProcessorApp b = ProcessorApp.start(ProcessorConfig.of(n.config("console-it-", KAFKA.bootstrapServers(),
                     REGISTRY.url(), Files.createTempDirectory(tmp, "b-"))))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> a.state() == KafkaStreams.State.RUNNING
                    && b.state() == KafkaStreams.State.RUNNING);
            List<CallEvent> events = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                events.addAll(call("console-" + i, i % 3 == 0));
            }
            produce(n.events, events);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode m = nextMessage(a.port());
                assertThat(m.get("instances")).hasSize(2);
                assertThat(m.get("missingInstances")).isEmpty();
                assertThat(m.at("/totals/events").asLong()).isEqualTo(events.size());
                long decided = 0;
                for (JsonNode minute : m.get("outcomes")) {
                    decided += minute.at("/counts/COMPLETED").asLong() + minute.at("/counts/MISSED").asLong();
                }
                assertThat(decided).isEqualTo(CALLS);
                assertThat(m.get("alerts")).hasSize(4).allSatisfy(alert -> assertThat(alert.get("calleeId").asText())
                        .isEqualTo("bob"));
                assertThat(m.get("answerRate").asDouble()).isEqualTo(8 / 12.0, org.assertj.core.data.Offset.offset(0.001));
                assertThat(m.get("inFlight").asLong()).isZero();
            });
            long onA = local(a.port()).get("events").asLong();
            long onB = local(b.port()).get("events").asLong();
            assertThat(onA).as("each instance read some of the calls").isPositive();
            assertThat(onB).isPositive();
            assertThat(onA + onB).isEqualTo(events.size());

            for (ProcessorApp app : List.of(a, b)) {
                JsonNode call = get(app.port(), "/console/api/call?callId=console-3");
                assertThat(call.get("events")).extracting(e -> e.get("event").asText())
                        .containsExactly("START_CALL", "RECEIVE_CALL", "NOT_ANSWER_CALL", "CALL_MISSED");
                assertThat(call.get("events")).noneMatch(e -> e.get("duplicate").asBoolean());
                assertThat(call.get("revisions")).singleElement().satisfies(r -> {
                    assertThat(r.get("revision").asInt()).isEqualTo(1);
                    assertThat(r.get("outcome").asText()).isEqualTo("MISSED");
                });
            }
        }
    }

    /** A fresh message of the event stream (the second one: the first may be the one cached before connecting). */
    private static JsonNode nextMessage(int port) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/console/api/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            JsonNode last = null;
            int seen = 0;
            for (String line = in.readLine(); line != null && seen < 2; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    last = JSON.readTree(line.substring(6));
                    seen++;
                }
            }
            return last;
        }
    }

    private static JsonNode local(int port) throws Exception {
        return get(port, "/console/api/local");
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Documents.check("GET", r.uri(), null, r);
        return JSON.readTree(r.body());
    }

    private static List<CallEvent> call(String callId, boolean missed) {
        if (missed) {
            return List.of(caller(callId, "alice", START_CALL, 0), callee(callId, "bob", RECEIVE_CALL, 1),
                    callee(callId, "bob", NOT_ANSWER_CALL, 30), caller(callId, "alice", CALL_MISSED, 31));
        }
        return List.of(caller(callId, "alice", START_CALL, 0), callee(callId, "bob", RECEIVE_CALL, 1),
                callee(callId, "bob", ACCEPT_CALL, 5), caller(callId, "alice", CALL_ACCEPTED, 5),
                caller(callId, "alice", CALL_END, 65), callee(callId, "bob", CALL_END, 65));
    }

    private static void produce(String topic, List<CallEvent> events) {
        try (KafkaProducer<String, CallEvent> p = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(),
                AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", REGISTRY.url())).serializer())) {
            for (CallEvent e : events) {
                p.send(new ProducerRecord<>(topic, e.getCallId(), e));
            }
            p.flush();
        }
    }
}

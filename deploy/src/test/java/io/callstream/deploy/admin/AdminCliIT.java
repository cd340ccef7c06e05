package io.callstream.deploy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.avro.CallEvent;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.DeadLetter;
import io.callstream.ingest.IngestServer;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * callstream-admin against a real in-JVM broker, a real Apicurio registry and a real ingest: the
 * topics it creates and their configs, the schemas it registers, the dead letters ingest wrote as it
 * inspects them, and a dead-lettered webhook replayed to an ingest that accepts it after a fix.
 */
class AdminCliIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    private static final long SDK_APP_ID = 1_400_000_001L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    String id;
    Path config;

    @BeforeEach
    void config() throws Exception {
        id = UUID.randomUUID().toString().substring(0, 8);
        config = tmp.resolve("admin.properties");
        Files.writeString(config, String.join("\n",
                "kafka.bootstrap.servers=" + KAFKA.bootstrapServers(),
                "schema.registry.url=" + REGISTRY.url(),
                "topic.call.events=events-" + id,
                "topic.call.events.dlq=dlq-" + id,
                "topic.call.summaries=summaries-" + id,
                "topic.missed.call.alerts=alerts-" + id,
                "topic.call.participants=participants-" + id, ""));
    }

    record Result(int exit, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> out = new ArrayList<>();
            for (String l : this.out.strip().split("\n")) {
                if (!l.isBlank()) {
                    out.add(JSON.readTree(l));
                }
            }
            return out;
        }
    }

    private Result admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        int exit = AdminMain.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void shouldCreateEveryTopicWithItsConfigsAndKeepThemWhenRunTwice() throws Exception {
        Result first = admin("topics", "create", "--partitions", "3", "--retention", "7d", "--dlq-retention", "30d");
        Result second = admin("topics", "create", "--partitions", "6");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("exists  events-" + id + ": 3 partition(s), replication factor 1 (not 6: kept as it is)");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("events-" + id, "dlq-" + id,
                    "callback-config")).allTopicNames().get();
            assertThat(topics.get("events-" + id).partitions()).hasSize(3);
            assertThat(topics.get("callback-config").partitions()).hasSize(1);
            Map<String, String> events = configs(admin, "events-" + id);
            Map<String, String> dlq = configs(admin, "dlq-" + id);
            Map<String, String> callbackConfig = configs(admin, "callback-config");
            assertThat(events).containsEntry("retention.ms", "604800000").containsEntry("min.insync.replicas", "1")
                    .containsEntry("cleanup.policy", "delete");
            assertThat(dlq).containsEntry("retention.ms", "2592000000");
            assertThat(callbackConfig).containsEntry("cleanup.policy", "compact");
        }
    }

    @Test
    void shouldRegisterEveryValueSchemaWhenSchemasRegisterRuns() {
        Result r = admin("schemas", "register");

        assertThat(r.exit()).as(r.err()).isZero();
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", REGISTRY.url()))) {
            assertThat(schema(registry, "events-" + id + "-value")).isEqualTo(CallEvent.getClassSchema());
            assertThat(schema(registry, "dlq-" + id + "-value")).isEqualTo(DeadLetter.getClassSchema());
            assertThat(schema(registry, "participants-" + id + "-value")).isEqualTo(CallParticipant.getClassSchema());
            assertThat(r.out()).contains("registered summaries-" + id + "-value: id ")
                    .contains("registered alerts-" + id + "-value: id ");
        }
        assertThat(admin("schemas", "register").exit()).as("registering again").isZero();
    }

    @Test
    void shouldInspectAndReplayADeadLetteredWebhookWhenIngestAcceptsItAfterAFix() throws Exception {
        assertThat(admin("topics", "create", "--partitions", "2", "--no-callbacks").exit()).isZero();
        String callId = "replay-" + id;
        // the sender's clock is 2 h ahead: ingest (ingest.max.future.skew 15m) dead-letters the webhook
        String body = "{\"CallbackCommand\":\"Call.CallbackAfterStartCall\",\"CallInfo\":{\"CallId\":\"" + callId
                + "\",\"CallMediaType\":\"Audio\",\"RoomId\":\"r1\",\"RoomIdType\":1},\"UserList\":[{\"User_Account\":"
                + "\"alice\",\"Status\":\"Calling\"},{\"User_Account\":\"bob\",\"Status\":\"Waiting\"}],\"EventTime\":"
                + Instant.now().plus(Duration.ofHours(2)).toEpochMilli() + "}";
        String query = "sdkappid=" + SDK_APP_ID + "&command=Call.CallbackAfterStartCall&contenttype=json";
        try (IngestServer strict = ingest(Map.of())) {
            assertThat(post(strict.port(), query, body)).isEqualTo(400);
            assertThat(post(strict.port(), query, "{\"CallId\": oops")).isEqualTo(400);
        }
        // a replay ingest refuses is dead-lettered again: later replays select the original letters by time
        String until = Instant.now().plusMillis(1).toString();

        Result inspect = admin("dlq", "inspect", "--reason", "INVALID_VALUE", "--since", "10m");
        Result all = admin("dlq", "inspect");
        Result dryRun = admin("dlq", "replay", "--ingest-url", "http://127.0.0.1:1", "--reason", "INVALID_VALUE",
                "--dry-run");

        assertThat(inspect.exit()).as(inspect.err()).isZero();
        assertThat(inspect.lines()).hasSize(1);
        JsonNode letter = inspect.lines().get(0);
        assertThat(letter.get("source").asText()).isEqualTo("INGEST");
        assertThat(letter.get("callId").asText()).isEqualTo(callId);
        assertThat(letter.get("message").asText()).contains("ingest.max.future.skew");
        assertThat(letter.at("/httpRequest/status").asInt()).isEqualTo(400);
        assertThat(letter.at("/httpRequest/errorCode").asInt()).isEqualTo(40004);
        assertThat(letter.at("/httpRequest/rawQuery").asText()).isEqualTo(query);
        assertThat(letter.get("payloadText").asText()).startsWith("{\"CallbackCommand\":\"Call.CallbackAfterStartCall\"");
        assertThat(inspect.err()).contains("1 of 2 dead letters selected {INVALID_VALUE=1}");
        assertThat(all.lines()).extracting(n -> n.get("reason").asText()).containsExactlyInAnyOrder("INVALID_VALUE",
                "MALFORMED_JSON");
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.lines().get(0).get("url").asText()).isEqualTo("http://127.0.0.1:1/callbacks/callkit?" + query);
        assertThat(dryRun.err()).contains("answers {dry run=1}");

        try (IngestServer stillStrict = ingest(Map.of())) {
            Result refused = admin("dlq", "replay", "--ingest-url", "http://127.0.0.1:" + stillStrict.port(),
                    "--reason", "INVALID_VALUE", "--until", until);
            assertThat(refused.exit()).isEqualTo(AdminMain.FAILED);
            assertThat(refused.err()).contains("answers {400=1}");
        }
        try (IngestServer fixed = ingest(Map.of("ingest.max.future.skew", "1d"))) {
            Result replayed = admin("dlq", "replay", "--ingest-url", "http://127.0.0.1:" + fixed.port(),
                    "--reason", "INVALID_VALUE", "--until", until);
            assertThat(replayed.exit()).as(replayed.err()).isZero();
            assertThat(replayed.err()).contains("1 of 3 dead letters selected; answers {200=1}");
            assertThat(replayed.lines().get(0).get("status").asInt()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> events("events-" + id).contains(callId));
    }

    private IngestServer ingest(Map<String, String> extra) {
        Map<String, String> c = new HashMap<>(Map.of("http.host", "127.0.0.1", "http.port", "0",
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(), "schema.registry.url", REGISTRY.url(),
                "sdkappids", Long.toString(SDK_APP_ID), "topic.call-events", "events-" + id,
                "topic.call-events-dlq", "dlq-" + id));
        c.putAll(extra);
        return IngestServer.start(IngestConfig.of(c));
    }

    private static int post(int port, String query, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/callbacks/callkit?" + query)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The callIds of the events on {@code topic}. */
    private static List<String> events(String topic) {
        List<String> ids = new ArrayList<>();
        try (AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", REGISTRY.url()));
             KafkaConsumer<String, CallEvent> consumer = new KafkaConsumer<>(KAFKA.consumerProps("events-" + UUID.randomUUID()),
                     new StringDeserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && ids.isEmpty()) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> ids.add(r.value().getCallId()));
            }
        }
        return ids;
    }

    private static Map<String, String> configs(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config c = admin.describeConfigs(List.of(r)).all().get().get(r);
        Map<String, String> out = new HashMap<>();
        c.entries().forEach(e -> out.put(e.name(), e.value()));
        return out;
    }

    private static Schema schema(SchemaRegistryClient registry, String subject) {
        return new Schema.Parser().parse(registry.latest(subject).schema());
    }
}

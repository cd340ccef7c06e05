package io.callstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.ingest.IngestServer;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.processor.ProcessorApp;
import io.callstream.processor.ProcessorConfig;
import io.callstream.schemas.SampleRecords;
import io.callstream.schemas.Topics;
import io.callstream.schemas.serde.AvroSerializer;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.PostgresExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The warehouse path end to end: a real Kafka Connect worker running the Debezium JDBC sink with the
 * three connector files shipped in {@code deploy/connect/} (only the addresses changed) writes
 * {@code call-summaries}, {@code missed-call-alerts} and {@code call-participants} of a real broker
 * and registry into a real PostgreSQL. The {@code Pipeline} cases POST TUICallKit webhooks to the
 * real ingest, whose events the real processor (both in this JVM) turns into those topics; the others
 * write records with callstream's own Avro serializer, to pin down what the sink does with them.
 */
class WarehouseSinkIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final Path CONNECTORS = Path.of("..", "deploy", "connect");
    private static final String UNDEFINED_TABLE = "42P01";
    private static final Duration LANDING = Duration.ofSeconds(90);

    private static final long SDK_APP_ID = 1_400_000_001L;

    private static final List<String> CONNECTORS_POSTED = new ArrayList<>();
    private static ConnectWorker worker;
    private static KafkaProducer<String, SpecificRecord> producer;
    private static IngestServer ingest;
    private static ProcessorApp processor;
    private static V1Webhooks webhooks;

    @BeforeAll
    static void startConnect() throws IOException {
        KAFKA.createTopics(3, Topics.CALL_EVENTS, Topics.CALL_SUMMARIES, Topics.MISSED_CALL_ALERTS,
                Topics.CALL_PARTICIPANTS);
        KAFKA.createTopics(1, Topics.CALL_EVENTS_DLQ);
        worker = ConnectWorker.start(KAFKA.bootstrapServers());
        Map<String, String> addresses = Map.of(
                "value.converter.schema.registry.url", REGISTRY.url(),
                "connection.url", POSTGRES.jdbcUrl());
        for (String file : List.of("call-summaries-jdbc.json", "missed-call-alerts-jdbc.json",
                "call-participants-jdbc.json")) {
            String name = worker.createConnector(CONNECTORS.resolve(file), addresses);
            CONNECTORS_POSTED.add(name);
            await("connector " + name + " running").atMost(LANDING).until(() -> isRunning(name));
        }
        Map<String, Object> props = new LinkedHashMap<>(KAFKA.producerProps());
        props.put("schema.registry.url", REGISTRY.url());
        producer = new KafkaProducer<>(props, new StringSerializer(), serializer(props));
        ingest = IngestServer.start(IngestConfig.of(Map.of("http.host", "127.0.0.1", "http.port", "0",
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(), "schema.registry.url", REGISTRY.url(),
                "sdkappids", Long.toString(SDK_APP_ID))));
        processor = ProcessorApp.start(ProcessorConfig.of(Map.of("application.id", "warehouse-it",
                "kafka.bootstrap.servers", KAFKA.bootstrapServers(), "schema.registry.url", REGISTRY.url(),
                "processor.host", "127.0.0.1", "processor.port", "0", "session.settle.delay", "1s",
                "state.dir", Files.createTempDirectory("warehouse-it-").toString())));
        webhooks = new V1Webhooks("http://127.0.0.1:" + ingest.port(), SDK_APP_ID);
    }

    @AfterAll
    static void stopConnect() {
        if (ingest != null) {
            ingest.close();
        }
        if (processor != null) {
            processor.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void shouldKeepOneRowWithTheLatestRevisionWhenASummaryIsRevised() throws Exception {
        CallSummary first = SampleRecords.callSummary("revised-1");
        CallSummary revised = CallSummary.newBuilder(first).setRevision(2).setTalkDurationMs(15_000L)
                .setEndedAt(first.getEndedAt().plusSeconds(6)).build();
        send(Topics.CALL_SUMMARIES, first.getCallId(), first);
        send(Topics.CALL_SUMMARIES, revised.getCallId(), revised);

        landing().untilAsserted(() -> assertThat(
                rows("select revision, talk_duration_ms from call_summaries where call_id = 'revised-1'"))
                .containsExactly(List.of(2, 15_000L)));
    }

    @Test
    void shouldKeepCallsOfTwoAppsApartWhenTheyShareACallId() throws Exception {
        CallSummary appA = SampleRecords.callSummary("shared-1");
        CallSummary appB = CallSummary.newBuilder(appA).setSdkAppId(1_400_000_002L)
                .setOutcome(CallOutcome.MISSED).setAnsweredAt(null).setTalkDurationMs(0L).build();
        send(Topics.CALL_SUMMARIES, appA.getCallId(), appA);
        send(Topics.CALL_SUMMARIES, appB.getCallId(), appB);

        landing().untilAsserted(() -> assertThat(rows(
                "select sdk_app_id, outcome from call_summaries where call_id = 'shared-1' order by sdk_app_id"))
                .containsExactly(List.of(1_400_000_001L, "COMPLETED"), List.of(1_400_000_002L, "MISSED")));
    }

    @Test
    void shouldWriteOneAlertRowWhenAnAlertIsDeliveredTwice() throws Exception {
        MissedCallAlert alert = SampleRecords.missedCallAlert("missed-1");
        MissedCallAlert other = MissedCallAlert.newBuilder(alert).setAlertId("1400000001:missed-1:Carol")
                .setCalleeId("Carol").setReason(MissedReason.BUSY).build();
        send(Topics.MISSED_CALL_ALERTS, alert.getCalleeId(), alert);
        send(Topics.MISSED_CALL_ALERTS, alert.getCalleeId(), alert);
        send(Topics.MISSED_CALL_ALERTS, other.getCalleeId(), other);

        landing().untilAsserted(() -> assertThat(rows(
                "select callee_id, reason from missed_call_alerts where call_id = 'missed-1' order by callee_id"))
                .containsExactly(List.of("Bob", "NO_ANSWER"), List.of("Carol", "BUSY")));
    }

    @Test
    void shouldStoreTimesAsTimestampsAndEnumsAsTextWhenTheSinkCreatesTheTables() throws Exception {
        CallSummary summary = SampleRecords.callSummary("typed-1");
        send(Topics.CALL_SUMMARIES, summary.getCallId(), summary);
        landing().until(() -> !rows("select 1 from call_summaries where call_id = 'typed-1'").isEmpty());

        assertThat(rows("select extract(epoch from started_at)::bigint, extract(epoch from answered_at)::bigint,"
                + " call_type, media_type, closed_by from call_summaries where call_id = 'typed-1'"))
                .containsExactly(List.of(summary.getStartedAt().getEpochSecond(),
                        summary.getAnsweredAt().getEpochSecond(), "SINGLE", "VIDEO", "EVENTS"));
        assertThat(columnTypes("call_summaries"))
                .containsEntry("started_at", "timestamp without time zone")
                .containsEntry("answered_at", "timestamp without time zone")
                .containsEntry("outcome", "text")
                .doesNotContainKey("participants");
    }

    @Test
    void shouldAnswerTheDocumentedHourlyQueryWhenCallsOfAnHourLanded() throws Exception {
        Instant hour = SampleRecords.T0.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(10));
        List<CallSummary> calls = List.of(
                answered("hourly-1", hour.plusSeconds(60), 9_000L),
                answered("hourly-2", hour.plusSeconds(600), 15_000L),
                answered("hourly-3", hour.plusSeconds(1_200), 30_000L),
                CallSummary.newBuilder(answered("hourly-4", hour.plusSeconds(1_800), 0L))
                        .setOutcome(CallOutcome.MISSED).setAnsweredAt(null).build());
        for (CallSummary call : calls) {
            send(Topics.CALL_SUMMARIES, call.getCallId(), call);
        }
        String hourly = documentedQuery();

        landing().untilAsserted(() -> assertThat(rows(hourly))
                .filteredOn(row -> ((java.sql.Timestamp) row.get(0)).toLocalDateTime()
                        .equals(LocalDateTime.ofInstant(hour, ZoneOffset.UTC)))
                .extracting(row -> List.of(row.get(1), row.get(2).toString(), row.get(3).toString()))
                .containsExactly(List.of(4L, "75.0", "18.0")));
    }

    @Test
    void shouldLandAnsweredMissedAndGroupCallsInTheThreeTablesWhenTheirWebhooksGoThroughIngestAndProcessor()
            throws Exception {
        long t0 = Instant.now().getEpochSecond() - 600;
        webhooks.call("pipe-answered", false, 2, t0)
                .caller("alice", "start_call", "", 0).callee("bob", "receive_call", "", 1)
                .callee("bob", "accept_call", "", 5).callee("bob", "accept_call", "", 5) // delivered twice
                .caller("alice", "call_accepted", "", 5)
                .normalEnd("alice", "caller", 5, 65).normalEnd("bob", "callee", 5, 65);
        webhooks.call("pipe-missed", false, 2, t0)
                .caller("alice", "start_call", "", 0).callee("bob", "receive_call", "", 1)
                .callee("bob", "not_answer_call", "not_answer", 30).caller("alice", "call_missed", "not_answer", 30);
        webhooks.call("pipe-group", true, 4, t0)
                .caller("alice", "start_call", "", 0).callee("bob", "receive_call", "", 1)
                .callee("carol", "receive_call", "", 1).callee("dave", "receive_call", "", 1)
                .callee("bob", "accept_call", "", 4).callee("dave", "reject_call", "", 6)
                .callee("carol", "not_answer_call", "", 30).callee("carol", "not_answer_call", "", 30) // twice
                .normalEnd("bob", "callee", 4, 60).normalEnd("alice", "caller", 4, 60);

        landing().untilAsserted(() -> {
            assertThat(rows("select call_id, outcome, talk_duration_ms, duplicate_count, revision from call_summaries"
                    + " where call_id like 'pipe-%' and call_id <> 'pipe-revised' order by call_id"))
                    .containsExactly(List.of("pipe-answered", "COMPLETED", 60_000L, 1, 1),
                            List.of("pipe-group", "COMPLETED", 56_000L, 1, 1),
                            List.of("pipe-missed", "MISSED", 0L, 0, 1));
            assertThat(rows("select call_id, user_id, role, outcome, call_outcome, call_type from call_participants"
                    + " where call_id like 'pipe-%' and call_id <> 'pipe-revised' order by call_id, user_id"))
                    .containsExactly(List.of("pipe-answered", "alice", "CALLER", "ANSWERED", "COMPLETED", "SINGLE"),
                            List.of("pipe-answered", "bob", "CALLEE", "ANSWERED", "COMPLETED", "SINGLE"),
                            List.of("pipe-group", "alice", "CALLER", "ANSWERED", "COMPLETED", "GROUP"),
                            List.of("pipe-group", "bob", "CALLEE", "ANSWERED", "COMPLETED", "GROUP"),
                            List.of("pipe-group", "carol", "CALLEE", "MISSED", "COMPLETED", "GROUP"),
                            List.of("pipe-group", "dave", "CALLEE", "REJECTED", "COMPLETED", "GROUP"),
                            List.of("pipe-missed", "alice", "CALLER", "MISSED", "MISSED", "SINGLE"),
                            List.of("pipe-missed", "bob", "CALLEE", "MISSED", "MISSED", "SINGLE"));
            assertThat(rows("select alert_id, reason from missed_call_alerts where call_id like 'pipe-%'"
                    + " and call_id <> 'pipe-revised' order by alert_id"))
                    .containsExactly(List.of(SDK_APP_ID + ":pipe-group:carol", "NO_ANSWER"),
                            List.of(SDK_APP_ID + ":pipe-missed:bob", "NO_ANSWER"));
        });
        assertThat(rows("select extract(epoch from joined_at)::bigint, extract(epoch from left_at)::bigint"
                + " from call_participants where call_id = 'pipe-answered' and user_id = 'bob'"))
                .containsExactly(List.of(t0 + 5, t0 + 65));
    }

    @Test
    void shouldOverwriteTheCallsRowsWithRevisionTwoWhenALateWebhookRevisesItsSummary() {
        long t0 = Instant.now().getEpochSecond() - 600;
        V1Webhooks.Call call = webhooks.call("pipe-revised", false, 2, t0)
                .caller("alice", "start_call", "", 0).caller("alice", "call_missed", "not_answer", 30);
        landing().untilAsserted(() -> assertThat(rows("select user_id, revision from call_participants"
                + " where call_id = 'pipe-revised'")).containsExactly(List.of("alice", 1)));

        call.callee("bob", "not_answer_call", "not_answer", 30).callee("bob", "not_answer_call", "not_answer", 30);

        landing().untilAsserted(() -> {
            assertThat(rows("select outcome, revision from call_summaries where call_id = 'pipe-revised'"))
                    .containsExactly(List.of("MISSED", 2));
            assertThat(rows("select user_id, role, outcome, revision from call_participants"
                    + " where call_id = 'pipe-revised' order by user_id"))
                    .containsExactly(List.of("alice", "CALLER", "MISSED", 2), List.of("bob", "CALLEE", "MISSED", 2));
            assertThat(rows("select callee_id, reason from missed_call_alerts where call_id = 'pipe-revised'"))
                    .containsExactly(List.of("bob", "NO_ANSWER"));
        });
    }

    private static CallSummary answered(String callId, Instant startedAt, long talkMs) {
        return CallSummary.newBuilder(SampleRecords.callSummary(callId)).setStartedAt(startedAt)
                .setAnsweredAt(startedAt.plusSeconds(3)).setEndedAt(startedAt.plusMillis(3_000 + talkMs))
                .setTalkDurationMs(talkMs).build();
    }

    /** The first {@code sql} block of docs/warehouse.md: the worked example is what runs here. */
    private static String documentedQuery() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "warehouse.md"));
        int start = doc.indexOf("```sql\n") + "```sql\n".length();
        return doc.substring(start, doc.indexOf("```", start)).trim().replaceAll(";$", "");
    }

    /** Waits for rows, failing at once (with the task's trace) when a sink task has failed. */
    private static ConditionFactory landing() {
        return await().atMost(LANDING).failFast("a sink task failed", () -> CONNECTORS_POSTED.stream()
                .map(worker::status).anyMatch(status -> status.path("tasks").toString().contains("FAILED")));
    }

    private static boolean isRunning(String connector) {
        var status = worker.status(connector);
        var tasks = status.path("tasks");
        if (tasks.toString().contains("FAILED")) {
            throw new AssertionError("connector " + connector + " failed: " + status.toPrettyString());
        }
        return "RUNNING".equals(status.path("connector").path("state").asText())
                && tasks.size() > 0 && "RUNNING".equals(tasks.get(0).path("state").asText());
    }

    private static void send(String topic, String key, SpecificRecord value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static AvroSerializer<SpecificRecord> serializer(Map<String, Object> props) {
        AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
        serializer.configure(props, false);
        return serializer;
    }

    /** The rows of a query, each as a list of column values; none while the sink has not created the table. */
    private static List<List<Object>> rows(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(POSTGRES.jdbcUrl(), "postgres", "");
             Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return List.of();
            }
            throw e;
        }
    }

    private static Map<String, String> columnTypes(String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (List<Object> row : rows("select column_name, data_type from information_schema.columns"
                + " where table_name = '" + table + "'")) {
            types.put((String) row.get(0), (String) row.get(1));
        }
        return types;
    }
}

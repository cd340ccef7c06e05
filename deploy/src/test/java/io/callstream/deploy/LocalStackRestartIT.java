package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.deploy.stack.LocalStack;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.deploy.tail.Tail;
import io.callstream.deploy.traffic.CallFactory;
import io.callstream.deploy.traffic.ExpectedCall;
import io.callstream.deploy.traffic.OutcomeCheckFixtures;
import io.callstream.deploy.traffic.Scenario;
import io.callstream.deploy.traffic.Verifier;
import io.callstream.schemas.Topics;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.schemas.serde.WireFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's broker and registry (no services): topics, records and schema ids survive a
 * restart on the same data folder; the tail and the verifier read through the real registry.
 */
class LocalStackRestartIT {

    @TempDir
    Path data;

    private LocalStack start(StackConfig config) {
        return new LocalStack(config, System.getProperty("java.class.path"), List.of()).start();
    }

    @Test
    void shouldKeepRecordsAndSchemaIdsWhenStartedAgainOnTheSameData() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.callstream.testkit.ApicurioRegistry.modernJavaAvailable(),
                "no Java 21+ here: the registry falls back to Apicurio 2.6, whose Maven Central app keeps schemas"
                        + " in memory only, so ids cannot survive a restart");
        StackConfig config = StackFixtures.config(StackFixtures.environment(data));
        ExpectedCall call = new CallFactory(1, "restart", 1_800_000_000L, 10).next(Scenario.MISSED).expected();
        int idBefore;
        try (LocalStack stack = start(config)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.bootstrapServers()))) {
                assertThat(admin.describeTopics(config.topics()).allTopicNames().get().values())
                        .allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
            }
            produce(config, call);
            idBefore = WireFormat.schemaId(Topics.CALL_SUMMARIES, rawSummaries(config).get(0).value());
        }

        try (LocalStack stack = start(config)) {
            List<ConsumerRecord<String, byte[]>> raw = rawSummaries(config);
            assertThat(raw).hasSize(1);
            assertThat(WireFormat.schemaId(Topics.CALL_SUMMARIES, raw.get(0).value())).isEqualTo(idBefore);
            HttpResponse<String> schema = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(config.registryUrl() + "/schemas/ids/" + idBefore)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(schema.statusCode()).isEqualTo(200);
            assertThat(schema.body()).contains("CallSummary");
            CallSummary decoded = AvroSerde.of(CallSummary.class, Map.of("schema.registry.url", config.registryUrl()))
                    .deserializer().deserialize(Topics.CALL_SUMMARIES, raw.get(0).value());
            assertThat(decoded).isEqualTo(OutcomeCheckFixtures.summaryFor(call));

            produce(config, call);
            assertThat(rawSummaries(config)).extracting(r -> WireFormat.schemaId(Topics.CALL_SUMMARIES, r.value()))
                    .containsExactly(idBefore, idBefore);
        }
    }

    @Test
    void shouldPrintSummariesAndAlertsAsJsonWhenTailing() throws Exception {
        StackConfig config = StackFixtures.config(StackFixtures.environment(data));
        ExpectedCall call = new CallFactory(2, "tail", 1_800_000_000L, 10).next(Scenario.CANCELLED).expected();
        try (LocalStack stack = start(config)) {
            produce(config, call);
            List<String> lines = new ArrayList<>();
            long printed = new Tail(new Tail.Options(config.bootstrapServers(), config.registryUrl(),
                    List.of(config.topicCallSummaries(), config.topicMissedCallAlerts()), true, 2,
                    Duration.ofSeconds(30))).run(lines::add, () -> false);

            assertThat(printed).isEqualTo(2);
            assertThat(lines).anyMatch(l -> l.startsWith("{\"topic\":\"call-summaries\"")
                    && l.contains("\"key\":\"" + call.callId() + "\"") && l.contains("\"outcome\": \"CANCELLED\""));
            assertThat(lines).anyMatch(l -> l.startsWith("{\"topic\":\"missed-call-alerts\"")
                    && l.contains("\"reason\": \"CALLER_CANCELLED\""));
        }
    }

    @Test
    void shouldFindNoMismatchWhenTheOutputMatchesAndReportOneWhenItDoesNot() throws Exception {
        StackConfig config = StackFixtures.config(StackFixtures.environment(data));
        CallFactory factory = new CallFactory(3, "verify", 1_800_000_000L, 50);
        List<ExpectedCall> calls = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            calls.add(factory.next(s).expected());
        }
        try (LocalStack stack = start(config)) {
            calls.forEach(c -> produce(config, c));
            Verifier verifier = new Verifier(new Verifier.Target(config.bootstrapServers(), config.registryUrl(),
                    config.topicCallSummaries(), config.topicMissedCallAlerts()));

            Verifier.Result ok = verifier.verify("verify", calls, Duration.ofSeconds(60), Optional.empty());
            assertThat(ok.mismatches()).isEmpty();
            assertThat(ok.calls()).isEqualTo(Scenario.values().length);

            List<ExpectedCall> oneMore = new ArrayList<>(calls);
            oneMore.add(factory.next(Scenario.ANSWERED).expected());
            Verifier.Result missing = verifier.verify("verify", oneMore, Duration.ofSeconds(2), Optional.empty());
            assertThat(missing.missingSummaries()).isEqualTo(1);
            assertThat(missing.mismatches()).singleElement().asString().endsWith("no summary on call-summaries");
        }
    }

    /** Writes what a correct processor emits for the call, as the processor would (Avro, auto-registered). */
    private static void produce(StackConfig config, ExpectedCall call) {
        Map<String, Object> serde = Map.of("schema.registry.url", config.registryUrl());
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, CallSummary> summaries = new KafkaProducer<>(p, new StringSerializer(),
                AvroSerde.of(CallSummary.class, serde).serializer());
             KafkaProducer<String, MissedCallAlert> alerts = new KafkaProducer<>(p, new StringSerializer(),
                     AvroSerde.of(MissedCallAlert.class, serde).serializer())) {
            summaries.send(new ProducerRecord<>(config.topicCallSummaries(), call.callId(),
                    OutcomeCheckFixtures.summaryFor(call)));
            for (MissedCallAlert a : OutcomeCheckFixtures.alertsFor(call)) {
                alerts.send(new ProducerRecord<>(config.topicMissedCallAlerts(), a.getCalleeId(), a));
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> rawSummaries(StackConfig config) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(config.topicCallSummaries()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}

package io.callstream.deploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.ingest.mapping.Webhook;
import io.callstream.ingest.mapping.WebhookMapper;
import io.callstream.processor.ProcessorConfig;
import io.callstream.processor.topology.CallTopology;
import io.callstream.processor.topology.ProcessorSerdes;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroDeserializer;
import io.callstream.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code generate.sh --verify} without a broker: the generated webhooks of each format go through
 * ingest's real {@link WebhookMapper} and the processor's real topology (TopologyTestDriver, real Avro
 * serdes on a {@code mock://} registry, settle timers fired by advancing the wall clock), and
 * {@link OutcomeCheck} compares the summaries and alerts with the expectations, for every format.
 */
class GeneratedTrafficPipelineTest {

    private static final long SDK_APP_ID = 1400000001L;

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @EnumSource(CallbackFormat.class)
    void shouldProduceTheExpectedSummariesAndAlertsWhenGeneratedCallsRunThroughMapperAndTopology(CallbackFormat format)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TrafficPlan plan = new TrafficPlan(new CallFactory(format.ordinal() + 1, "pipe", now.getEpochSecond(), 400, format),
                new TrafficMix(TrafficMix.defaults().weights(), 0.3, 0.05), 400, 20, 7, true);

        List<String> mismatches = run(plan, now);

        assertThat(plan.expectations()).hasSize(400);
        assertThat(mismatches).as(summary(mismatches)).isEmpty();
    }

    /** Maps and pipes every webhook in plan order, lets the settle delay pass, and checks each call. */
    private List<String> run(TrafficPlan plan, Instant now) throws Exception {
        String registry = "mock://deploy-pipeline-" + UUID.randomUUID();
        Map<String, String> serdeProps = Map.of("schema.registry.url", registry);
        ProcessorConfig config = ProcessorConfig.of(Map.of("kafka.bootstrap.servers", "unused:9092",
                "schema.registry.url", registry));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "deploy-pipeline-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve("state")).toString());
        WebhookMapper mapper = new WebhookMapper(Clock.fixed(now, ZoneOffset.UTC));
        try (TopologyTestDriver driver = new TopologyTestDriver(
                CallTopology.build(config, ProcessorSerdes.create(serdeProps)), props, now)) {
            TestInputTopic<String, CallEvent> events = driver.createInputTopic(config.topics().callEvents(),
                    new StringSerializer(), AvroSerde.of(CallEvent.class, serdeProps).serializer());
            while (plan.hasNext()) {
                WebhookRequest w = plan.next();
                CallEvent e = mapper.map(new Webhook(SDK_APP_ID, w.command(), w.clientIp(), w.platform(),
                        w.body().getBytes(StandardCharsets.UTF_8)));
                events.pipeInput(e.getCallId(), e, e.getEventTime());
            }
            for (int i = 0; i < 15; i++) {
                driver.advanceWallClockTime(Duration.ofSeconds(1));
            }
            var client = SchemaRegistryClients.create(serdeProps);
            Map<String, CallSummary> summaries = new HashMap<>();
            List<CallSummary> emitted = driver.createOutputTopic(config.topics().callSummaries(), new StringDeserializer(),
                    new AvroDeserializer<CallSummary>(client, CallSummary.class)).readValuesToList();
            emitted.forEach(s -> summaries.merge(s.getCallId(), s, (a, b) -> b.getRevision() >= a.getRevision() ? b : a));
            Map<String, List<MissedCallAlert>> alerts = new HashMap<>();
            List<MissedCallAlert> alerted = driver.createOutputTopic(config.topics().missedCallAlerts(),
                    new StringDeserializer(), new AvroDeserializer<MissedCallAlert>(client, MissedCallAlert.class)).readValuesToList();
            alerted.forEach(a -> alerts.computeIfAbsent(a.getCallId(), k -> new ArrayList<>()).add(a));
            List<String> out = new ArrayList<>();
            for (ExpectedCall e : plan.expectations()) {
                out.addAll(OutcomeCheck.mismatches(e, summaries.get(e.callId()), alerts.getOrDefault(e.callId(), List.of())));
            }
            return out;
        }
    }

    /** Mismatches counted by kind, then the first ten in full. */
    private static String summary(List<String> mismatches) {
        return mismatches.stream().collect(Collectors.groupingBy(OutcomeCheck::kind, java.util.TreeMap::new,
                        Collectors.counting())).entrySet().stream().map(k -> k.getValue() + " x " + k.getKey())
                .collect(Collectors.joining("\n", "", "\n"))
                + mismatches.stream().limit(10).collect(Collectors.joining("\n"));
    }
}

package io.callstream.processor.topology;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallSummary;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.MissedCallAlert;
import io.callstream.processor.CallEvents;
import io.callstream.processor.ProcessorConfig;
import io.callstream.processor.session.SessionKey;
import io.callstream.processor.state.CallSession;
import io.callstream.schemas.serde.AvroDeserializer;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.schemas.registry.SchemaRegistryClients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The real topology in a TopologyTestDriver, with real Avro serdes on a fresh {@code mock://} registry. */
final class TopologyHarness implements AutoCloseable {

    static final Instant WALL_START = Instant.parse("2026-01-01T00:00:00Z");

    final ProcessorConfig config;
    final TopologyTestDriver driver;
    private final java.nio.file.Path stateDir;
    final TestInputTopic<String, CallEvent> events;
    final TestInputTopic<String, byte[]> rawEvents;
    final TestOutputTopic<String, CallSummary> summaries;
    final TestOutputTopic<String, MissedCallAlert> alerts;
    final TestOutputTopic<String, DeadLetter> dlq;
    final TestOutputTopic<String, CallParticipant> participants;

    TopologyHarness() {
        this(Map.of());
    }

    TopologyHarness(Map<String, String> overrides) {
        this(overrides, InputLag.NONE);
    }

    /** The topology whose timers wait for {@code inputLag}. */
    TopologyHarness(Map<String, String> overrides, InputLag inputLag) {
        String registry = "mock://processor-test-" + UUID.randomUUID();
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "kafka.bootstrap.servers", "unused:9092",
                "schema.registry.url", registry));
        values.putAll(overrides);
        config = ProcessorConfig.of(values);
        Map<String, String> serdeProps = Map.of("schema.registry.url", registry);
        ProcessorSerdes serdes = ProcessorSerdes.create(serdeProps);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        stateDir = newStateDir();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(CallTopology.build(config, serdes, SessionMetrics.NOOP, inputLag), props, WALL_START);
        var client = SchemaRegistryClients.create(serdeProps);
        events = driver.createInputTopic(config.topics().callEvents(), new StringSerializer(),
                AvroSerde.of(CallEvent.class, serdeProps).serializer());
        rawEvents = driver.createInputTopic(config.topics().callEvents(), new StringSerializer(), new ByteArraySerializer());
        summaries = driver.createOutputTopic(config.topics().callSummaries(), new StringDeserializer(),
                new AvroDeserializer<>(client, CallSummary.class));
        alerts = driver.createOutputTopic(config.topics().missedCallAlerts(), new StringDeserializer(),
                new AvroDeserializer<>(client, MissedCallAlert.class));
        dlq = driver.createOutputTopic(config.topics().callEventsDlq(), new StringDeserializer(),
                new AvroDeserializer<>(client, DeadLetter.class));
        participants = driver.createOutputTopic(config.topics().callParticipants(), new StringDeserializer(),
                new AvroDeserializer<>(client, CallParticipant.class));
    }

    void send(CallEvent... es) {
        for (CallEvent e : es) {
            events.pipeInput(e.getCallId(), e, e.getEventTime());
        }
    }

    void advance(Duration d) {
        driver.advanceWallClockTime(d);
    }

    /** Summaries read so far (the shared deserializer decodes participants as a plain list, so they compare). */
    List<KeyValue<String, CallSummary>> summaries() {
        return summaries.readKeyValuesToList();
    }

    /** Participant rows read so far. */
    List<KeyValue<String, CallParticipant>> participants() {
        return participants.readKeyValuesToList();
    }

    List<KeyValue<String, MissedCallAlert>> alerts() {
        return alerts.readKeyValuesToList();
    }

    KeyValueStore<String, CallSession> sessionStore() {
        return driver.getKeyValueStore(CallTopology.SESSION_STORE);
    }

    /** The stored session of {@code callId} of the fixtures' SDKAppID, or null. */
    CallSession session(String callId) {
        return sessionStore().get(new SessionKey(CallEvents.SDK_APP_ID, callId).storeKey());
    }

    KeyValueStore<Bytes, byte[]> timerStore() {
        return driver.getKeyValueStore(CallTopology.TIMER_STORE);
    }

    private static java.nio.file.Path newStateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("processor-ttd-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

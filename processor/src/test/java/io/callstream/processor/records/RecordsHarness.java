package io.callstream.processor.records;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.MediaType;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.processor.ProcessorConfig;
import io.callstream.processor.topology.CallTopology;
import io.callstream.processor.topology.ProcessorSerdes;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroDeserializer;
import io.callstream.schemas.serde.AvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The processor's real topology in a TopologyTestDriver, fed call summaries, with the records stores at hand. */
final class RecordsHarness implements AutoCloseable {

    static final Instant WALL_START = Instant.parse("2026-03-01T00:00:00Z");
    static final long APP = 1400000001L;

    final TopologyTestDriver driver;
    final TestInputTopic<String, CallSummary> summaries;
    final TestInputTopic<String, byte[]> rawSummaries;
    final TestOutputTopic<String, DeadLetter> dlq;

    RecordsHarness(Map<String, String> overrides) {
        String registry = "mock://records-test-" + UUID.randomUUID();
        Map<String, String> values = new HashMap<>(Map.of("kafka.bootstrap.servers", "unused:9092",
                "schema.registry.url", registry, "records.expiry.interval", "1m"));
        values.putAll(overrides);
        ProcessorConfig config = ProcessorConfig.of(values);
        Map<String, String> serdeProps = Map.of("schema.registry.url", registry);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "records-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("records-ttd-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(CallTopology.build(config, ProcessorSerdes.create(serdeProps)), props, WALL_START);
        summaries = driver.createInputTopic(config.topics().callSummaries(), new StringSerializer(),
                AvroSerde.of(CallSummary.class, serdeProps).serializer());
        rawSummaries = driver.createInputTopic(config.topics().callSummaries(), new StringSerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(config.topics().callEventsDlq(), new StringDeserializer(),
                new AvroDeserializer<>(SchemaRegistryClients.create(serdeProps), DeadLetter.class));
    }

    void send(CallSummary... ss) {
        for (CallSummary s : ss) {
            summaries.pipeInput(s.getCallId(), s);
        }
    }

    void advance(Duration d) {
        driver.advanceWallClockTime(d);
    }

    KeyValueStore<Bytes, CallRecord> records() {
        return driver.getKeyValueStore(RecordsTopology.RECORDS_STORE);
    }

    KeyValueStore<Bytes, byte[]> index() {
        return driver.getKeyValueStore(RecordsTopology.INDEX_STORE);
    }

    CallRecord record(long app, String callId) {
        return records().get(RecordKeys.record(app, callId));
    }

    int indexSize() {
        int n = 0;
        try (var it = index().all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    /** One page of a filter over the stores, as one partition answers and the API merges it. */
    Slice.Page filter(RecordFilter f, int page, int perPage) {
        RecordFilter limited = new RecordFilter(f.sdkAppId(), f.fromMs(), f.toMs(), f.result(), f.type(), page * perPage);
        Map<Integer, Slice> slices = Map.of(0, LocalRecords.scan(index(), limited));
        List<CallRecord> records = Slice.page(slices, page, perPage).stream()
                .map(k -> record(f.sdkAppId(), k.ref().callId())).toList();
        return new Slice.Page(Slice.total(slices), records);
    }

    /** A 1:1 call's summary: alice calls bob, started {@code startOffset} after the wall-clock start. */
    static CallSummary summary(String callId, Duration startOffset, CallOutcome outcome, int revision) {
        return summary(APP, callId, startOffset, outcome, CallType.SINGLE, revision);
    }

    static CallSummary summary(long app, String callId, Duration startOffset, CallOutcome outcome, CallType type,
                               int revision) {
        Instant start = WALL_START.plus(startOffset);
        boolean answered = outcome == CallOutcome.COMPLETED;
        List<Participant> ps = new ArrayList<>();
        ps.add(Participant.newBuilder().setUserId("alice").setRole(CallRole.CALLER)
                .setOutcome(answered ? ParticipantOutcome.ANSWERED : ParticipantOutcome.UNKNOWN).build());
        ps.add(Participant.newBuilder().setUserId("bob").setRole(CallRole.CALLEE)
                .setOutcome(answered ? ParticipantOutcome.ANSWERED : ParticipantOutcome.MISSED).build());
        if (type == CallType.GROUP) {
            ps.add(Participant.newBuilder().setUserId("carol").setRole(CallRole.CALLEE)
                    .setOutcome(ParticipantOutcome.MISSED).build());
        }
        return CallSummary.newBuilder().setCallId(callId).setSdkAppId(app).setRoomId("1234")
                .setCallType(type).setMediaType(MediaType.AUDIO).setCallerId("alice").setOutcome(outcome)
                .setParticipants(ps).setStartedAt(start).setAnsweredAt(answered ? start.plusSeconds(5) : null)
                .setEndedAt(start.plusSeconds(65)).setRingDurationMs(answered ? 5000L : null)
                .setTalkDurationMs(answered ? 60_000 : 0).setEventCount(6).setDuplicateCount(0)
                .setClosedBy(ClosedBy.EVENTS).setRevision(revision).build();
    }

    @Override
    public void close() {
        driver.close();
    }
}

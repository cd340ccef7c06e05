package io.callstream.processor.topology;

import static io.callstream.avro.CallEventType.CALL_BUSY;
import static io.callstream.avro.CallEventType.CALL_REJECTED;
import static io.callstream.avro.CallEventType.REJECT_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.processor.CallEvents;
import io.callstream.processor.ProcessorConfig;
import io.callstream.schemas.DeadLetterHeaders;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class CallTopologyTest {

    @Test
    void shouldNameEveryNodeAndStoreWhenBuilt() {
        ProcessorConfig config = ProcessorConfig.of(Map.of("kafka.bootstrap.servers", "x:9092",
                "schema.registry.url", "mock://names"));
        TopologyDescription d = CallTopology.build(config, ProcessorSerdes.create(Map.of("schema.registry.url",
                "mock://names"))).describe();

        assertThat(d.toString()).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        assertThat(d.toString()).contains(CallTopology.SOURCE, CallTopology.DECODER, CallTopology.DLQ_SINK,
                CallTopology.SESSIONS, CallTopology.SUMMARIES_SINK, CallTopology.ALERTS_SINK,
                CallTopology.SESSION_STORE, CallTopology.TIMER_STORE);
    }

    @Test
    void shouldUseConfiguredTopicNamesWhenOverridden() {
        ProcessorConfig config = ProcessorConfig.of(Map.of("kafka.bootstrap.servers", "x:9092",
                "schema.registry.url", "mock://topics", "topic.call-events", "in", "topic.call-summaries", "out-s",
                "topic.missed-call-alerts", "out-a", "topic.call-events-dlq", "out-d"));
        String d = CallTopology.build(config, ProcessorSerdes.create(Map.of("schema.registry.url", "mock://topics")))
                .describe().toString();

        assertThat(d).contains("topics: [in]", "topic: out-s", "topic: out-a", "topic: out-d");
    }

    @Test
    void shouldDeadLetterAndKeepRunningWhenValueIsUndecodable() throws Exception {
        try (TopologyHarness h = new TopologyHarness()) {
            byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
            h.rawEvents.pipeInput("c1", garbage);
            h.send(caller("c2", "alice", START_CALL, 0));

            var dead = h.dlq.readRecordsToList();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).key()).isEqualTo("c1");
            DeadLetter dl = dead.get(0).value();
            assertThat(dl.getSource()).isEqualTo(DeadLetterSource.PROCESSOR);
            assertThat(dl.getReason()).isEqualTo(DeadLetters.UNDECODABLE_VALUE);
            assertThat(dl.getMessage()).startsWith("undecodable value");
            assertThat(dl.getCallId()).isEqualTo("c1");
            assertThat(dl.getKafkaRecord().getTopic()).isEqualTo("call-events");
            assertThat(dl.getKafkaRecord().getPartition()).isZero();
            assertThat(dl.getKafkaRecord().getOffset()).isZero();
            assertThat(dl.getKafkaRecord().getKey()).isEqualTo("c1");
            assertThat(dl.getHttpRequest()).isNull();
            assertThat(dl.getPayload().array()).isEqualTo(garbage);
            assertThat(DeadLetterHeaders.text(dead.get(0).headers(), "__streams.errors.topic")).isEqualTo("call-events");
            assertThat(DeadLetterHeaders.text(dead.get(0).headers(), "__streams.errors.offset")).isEqualTo("0");
            assertThat(DeadLetterHeaders.text(dead.get(0).headers(), DeadLetterHeaders.REASON))
                    .isEqualTo(DeadLetters.UNDECODABLE_VALUE);
            assertThat(h.sessionStore().get("c2")).as("the next record is processed").isNotNull();
        }
    }

    @Test
    void shouldDeadLetterWithCallIdKeyWhenRecordKeyIsMissing() throws Exception {
        try (TopologyHarness h = new TopologyHarness()) {
            CallEvent e = caller("c3", "alice", START_CALL, 0);
            h.events.pipeInput(null, e, e.getEventTime());

            var dead = h.dlq.readKeyValuesToList();
            assertThat(dead).extracting(kv -> kv.key).containsExactly("c3");
            DeadLetter dl = dead.get(0).value;
            assertThat(dl.getReason()).isEqualTo(DeadLetters.MISSING_KEY);
            assertThat(dl.getMessage()).isEqualTo("record key (callId) is missing");
            assertThat(dl.getKafkaRecord().getKey()).isNull();
            assertThat(dl.getPayload().remaining()).isPositive();
            assertThat(h.sessionStore().get("c3")).isNull();
        }
    }

    @Test
    void shouldDeadLetterWhenKeyIsNotTheCallId() throws Exception {
        try (TopologyHarness h = new TopologyHarness()) {
            CallEvent e = caller("c4", "alice", START_CALL, 0);
            h.events.pipeInput("other", e, e.getEventTime());

            var dead = h.dlq.readKeyValuesToList();
            assertThat(dead).extracting(kv -> kv.key).containsExactly("other");
            assertThat(dead.get(0).value.getReason()).isEqualTo(DeadLetters.KEY_NOT_CALL_ID);
            assertThat(h.summaries()).isEmpty();
        }
    }

    @Test
    void shouldDeadLetterWithoutTouchingStateWhenEventTimeIsFarInTheFuture() throws Exception {
        try (TopologyHarness h = new TopologyHarness()) {
            // Written by another producer: ingest refuses it, but call-events is not ingest's alone.
            CallEvent future = CallEvent.newBuilder(caller("c-future", "alice", START_CALL, 0))
                    .setEventTime(java.time.Instant.parse("2100-01-01T00:00:00Z")).build();
            long before = System.currentTimeMillis();
            h.events.pipeInput("c-future", future, before);

            var dead = h.dlq.readRecordsToList();
            assertThat(dead).hasSize(1);
            DeadLetter dl = dead.get(0).value();
            assertThat(dl.getReason()).isEqualTo(DeadLetters.EVENT_TIME_IN_FUTURE);
            assertThat(dl.getMessage()).contains("2100-01-01T00:00:00Z").contains("session.max.future.skew");
            // The dead letter itself must carry a timestamp a broker accepts: the wall clock, not 2100.
            assertThat(dead.get(0).timestamp()).isBetween(before, System.currentTimeMillis() + 1000);
            assertThat(h.sessionStore().get("c-future")).isNull();

            h.send(caller("c-next", "alice", START_CALL, 0), callee("c-next", "bob", REJECT_CALL, 2));
            assertThat(h.alerts()).isEmpty();
            assertThat(h.sessionStore().get("c-next")).isNotNull();
        }
    }

    @Test
    void shouldNeverStampAFutureTimestampWhenKafkaTimestampIsFarAheadOfAnUndecodableValue() {
        EventTimeExtractor extractor = new EventTimeExtractor(60_000, () -> 1_000_000L);
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object>("call-events", 0, 0,
                4_102_444_800_000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, "k",
                new DecodedEvent.Failed(new byte[] {1}, "bad"), new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());

        assertThat(extractor.extract(record, 0)).isEqualTo(1_000_000L);
    }

    @Test
    void shouldStampOutputsWithTheTriggeringEventTimeWhenEventsCloseTheCall() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(caller("c5", "alice", START_CALL, 0), callee("c5", "bob", REJECT_CALL, 2),
                    caller("c5", "alice", CALL_REJECTED, 3));

            var record = h.summaries.readRecord();
            assertThat(record.key()).isEqualTo("c5");
            assertThat(record.timestamp()).isEqualTo(CallEvents.at(3));
        }
    }

    @Test
    void shouldStampOutputsWithWallClockWhenTimerClosesTheCall() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(caller("c6", "alice", START_CALL, 0), caller("c6", "alice", CALL_BUSY, 1));
            h.advance(Duration.ofSeconds(10));

            assertThat(h.summaries.readRecord().timestamp())
                    .isEqualTo(TopologyHarness.WALL_START.plusSeconds(10).toEpochMilli());
        }
    }
}

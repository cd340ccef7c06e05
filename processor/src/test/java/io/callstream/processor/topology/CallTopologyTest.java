package io.callstream.processor.topology;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_ACCEPTED;
import static io.callstream.avro.CallEventType.CALL_BUSY;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.CALL_REJECTED;
import static io.callstream.avro.CallEventType.REJECT_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.MissedReason;
import io.callstream.processor.session.SessionKey;
import io.callstream.processor.session.SessionLifecycle;
import io.callstream.processor.state.CallSession;
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
                CallTopology.SESSIONS, CallTopology.SUMMARIES_SINK, CallTopology.ALERTS_SINK, CallTopology.PARTICIPANTS_SINK,
                CallTopology.SESSION_STORE, CallTopology.TIMER_STORE, CallTopology.TOMBSTONE_STORE);
    }

    @Test
    void shouldUseConfiguredTopicNamesWhenOverridden() {
        ProcessorConfig config = ProcessorConfig.of(Map.of("kafka.bootstrap.servers", "x:9092",
                "schema.registry.url", "mock://topics", "topic.call-events", "in", "topic.call-summaries", "out-s",
                "topic.missed-call-alerts", "out-a", "topic.call-events-dlq", "out-d", "topic.call-participants", "out-p"));
        String d = CallTopology.build(config, ProcessorSerdes.create(Map.of("schema.registry.url", "mock://topics")))
                .describe().toString();

        assertThat(d).contains("topics: [in]", "topic: out-s", "topic: out-a", "topic: out-d", "topic: out-p");
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
            assertThat(h.session("c2")).as("the next record is processed").isNotNull();
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
            assertThat(h.session("c3")).isNull();
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
            assertThat(h.session("c-future")).isNull();

            h.send(caller("c-next", "alice", START_CALL, 0), callee("c-next", "bob", REJECT_CALL, 2));
            assertThat(h.alerts()).isEmpty();
            assertThat(h.session("c-next")).isNotNull();
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

    @Test
    void shouldContinueASessionStoredUnderItsCallIdAloneWhenItsNextEventArrives() {
        try (TopologyHarness h = new TopologyHarness()) {
            storeLegacySession(h, "c20", caller("c20", "alice", START_CALL, 0), callee("c20", "bob", RECEIVE_CALL, 1));

            h.send(callee("c20", "bob", ACCEPT_CALL, 5), caller("c20", "alice", CALL_ACCEPTED, 5),
                    caller("c20", "alice", CALL_END, 65), callee("c20", "bob", CALL_END, 65));

            assertThat(h.summaries()).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo("c20");
                assertThat(kv.value.getOutcome()).isEqualTo(CallOutcome.COMPLETED);
                assertThat(kv.value.getEventCount()).isEqualTo(6);
            });
            assertThat(h.sessionStore().get("c20")).isNull();
            assertThat(h.session("c20")).isNotNull();
            h.timerStore().all().forEachRemaining(kv -> assertThat(new String(kv.key.get(), 8, kv.key.get().length - 8,
                    StandardCharsets.UTF_8)).isEqualTo(CallEvents.SDK_APP_ID + ":c20"));
        }
    }

    @Test
    void shouldCloseASessionStoredUnderItsCallIdAloneWhenItsTimerFires() {
        try (TopologyHarness h = new TopologyHarness()) {
            storeLegacySession(h, "c21", caller("c21", "alice", START_CALL, 0), caller("c21", "alice", CALL_BUSY, 1));

            h.advance(Duration.ofSeconds(10));

            assertThat(h.summaries()).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo("c21");
                assertThat(kv.value.getCallId()).isEqualTo("c21");
                assertThat(kv.value.getSdkAppId()).isEqualTo(CallEvents.SDK_APP_ID);
                assertThat(kv.value.getOutcome()).isEqualTo(CallOutcome.BUSY);
            });
        }
    }

    @Test
    void shouldRunNoTimerUntilTheTaskHasReadItsBacklog() {
        ManualInputLag inputLag = new ManualInputLag();
        try (TopologyHarness h = new TopologyHarness(Map.of(), inputLag)) {
            h.send(caller("c30", "alice", START_CALL, 0), caller("c30", "alice", CALL_BUSY, 1),
                    caller("c31", "alice", START_CALL, 0), callee("c31", "bob", RECEIVE_CALL, 1));
            h.advance(Duration.ofHours(3));
            assertThat(h.summaries()).as("settle and idle time passed, but the task is behind").isEmpty();
            assertThat(h.alerts()).isEmpty();

            inputLag.catchUp();
            h.advance(Duration.ofSeconds(1));

            assertThat(h.summaries()).extracting(kv -> kv.key, kv -> kv.value.getOutcome()).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("c30", CallOutcome.BUSY),
                    org.assertj.core.groups.Tuple.tuple("c31", CallOutcome.TIMED_OUT));
            assertThat(h.alerts()).extracting(kv -> kv.value.getReason()).containsExactly(MissedReason.TIMED_OUT);
        }
    }

    /** A session as builds before tenant keys stored it: under its callId alone, with its timer entry. */
    private static void storeLegacySession(TopologyHarness h, String callId, CallEvent... events) {
        SessionLifecycle lifecycle = new SessionLifecycle(h.config.settleDelay(), h.config.idleTimeout(),
                h.config.retention());
        CallSession s = null;
        for (CallEvent e : events) {
            s = lifecycle.onEvent(SessionKey.of(e), s, e, TopologyHarness.WALL_START.toEpochMilli()).session();
        }
        h.sessionStore().put(callId, s);
        h.timerStore().put(SessionTimers.entry(s.getTimerAt(), callId), new byte[0]);
    }
}

package io.callstream.processor.topology;

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

import io.callstream.avro.CallEvent;
import io.callstream.processor.ProcessorConfig;
import io.callstream.processor.state.ObjectCachingKeyValueStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.junit.jupiter.api.Test;

/** The session cache in front of store call-sessions: when it is on, and that it changes no output. */
class SessionCacheTest {

    @Test
    void shouldPutTheObjectCacheInFrontOfTheSessionAndTimerStoresWhenItIsOn() {
        try (TopologyHarness on = new TopologyHarness(); TopologyHarness off = new TopologyHarness(
                Map.of("session.cache.max.entries", "0"))) {
            assertThat(on.sessionStore()).isInstanceOf(ObjectCachingKeyValueStore.class);
            assertThat(on.timerStore()).isInstanceOf(ObjectCachingKeyValueStore.class);
            assertThat(off.sessionStore()).isNotInstanceOf(ObjectCachingKeyValueStore.class);
            assertThat(off.timerStore()).isNotInstanceOf(ObjectCachingKeyValueStore.class);
        }
    }

    @Test
    void shouldUseTheRecordCacheWhenAFailedStepWouldNotFailTheTask() {
        assertThat(CallTopology.sessionCacheEntries(config(Map.of()))).isEqualTo(10_000);
        assertThat(CallTopology.sessionCacheEntries(config(Map.of("kafka.processing.exception.handler",
                LogAndContinueProcessingExceptionHandler.class.getName())))).as("a handler that continues").isZero();
        assertThat(CallTopology.sessionCacheEntries(config(Map.of("kafka.processing.guarantee", "at_least_once"))))
                .as("no state wipe on a dirty close").isZero();
        assertThat(CallTopology.sessionCacheEntries(config(Map.of("session.cache.max.entries", "3")))).isEqualTo(3);
    }

    /**
     * The same interleaved calls, with duplicates, late events after the close, timers and expiry,
     * through the topology without the cache, with a cache of one session (every other call's session
     * pushed out and read back) and with the default cache: the same summaries, alerts and rows.
     */
    @Test
    void shouldEmitTheSameOutputsWhenTheCacheHoldsOneSessionOrNone() {
        List<CallEvent> events = interleavedCalls(new Random(19), 24);
        Outputs none = run("0", events);
        Outputs one = run("1", events);
        Outputs dflt = run("10000", events);

        assertThat(none.summaries()).as("the scenario closes calls").hasSizeGreaterThanOrEqualTo(24);
        assertThat(none.alerts()).as("the scenario misses calls").isNotEmpty();
        assertThat(one).isEqualTo(none);
        assertThat(dflt).isEqualTo(none);
    }

    private record Outputs(List<String> summaries, List<String> alerts, List<String> participants) {
    }

    private static Outputs run(String maxEntries, List<CallEvent> events) {
        try (TopologyHarness h = new TopologyHarness(Map.of("session.cache.max.entries", maxEntries,
                "session.settle.delay", "10s", "session.retention", "1h"))) {
            for (int i = 0; i < events.size(); i++) {
                h.send(events.get(i));
                if (i % 7 == 6) {
                    h.advance(Duration.ofSeconds(4)); // some calls settle while others still ring
                }
            }
            h.advance(Duration.ofSeconds(30));
            // late duplicates and a late accept after the close: revisions or nothing, the same either way
            for (int i = 0; i < events.size(); i += 5) {
                h.send(events.get(i));
            }
            h.advance(Duration.ofHours(2)); // past the retention: sessions expire, tombstones written
            h.send(events.get(0), events.get(events.size() - 1));
            return new Outputs(h.summaries().stream().map(kv -> kv.key + "=" + kv.value).toList(),
                    h.alerts().stream().map(kv -> kv.key + "=" + kv.value).toList(),
                    h.participants().stream().map(kv -> kv.key + "=" + kv.value).toList());
        }
    }

    /** {@code calls} calls, a third missed, their events shuffled across calls but in order within each. */
    private static List<CallEvent> interleavedCalls(Random random, int calls) {
        List<List<CallEvent>> perCall = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String id = "cache-" + i;
            perCall.add(new ArrayList<>(i % 3 == 0
                    ? List.of(caller(id, "alice", START_CALL, 0), callee(id, "bob", RECEIVE_CALL, 1),
                            callee(id, "bob", NOT_ANSWER_CALL, 30), caller(id, "alice", CALL_MISSED, 30))
                    : List.of(caller(id, "alice", START_CALL, 0), callee(id, "bob", RECEIVE_CALL, 1),
                            callee(id, "bob", ACCEPT_CALL, 5), caller(id, "alice", CALL_ACCEPTED, 5),
                            caller(id, "alice", CALL_END, 65), callee(id, "bob", CALL_END, 65))));
        }
        List<CallEvent> out = new ArrayList<>();
        List<List<CallEvent>> open = new ArrayList<>(perCall);
        while (!open.isEmpty()) {
            int pick = random.nextInt(open.size());
            List<CallEvent> call = open.get(pick);
            out.add(call.remove(0));
            if (random.nextInt(8) == 0) {
                out.add(out.get(out.size() - 1)); // a redelivery
            }
            if (call.isEmpty()) {
                open.remove(pick);
            }
        }
        return out;
    }

    private static ProcessorConfig config(Map<String, String> values) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("kafka.bootstrap.servers", "x:9092",
                "schema.registry.url", "mock://cache"));
        m.putAll(values);
        return ProcessorConfig.of(m);
    }
}

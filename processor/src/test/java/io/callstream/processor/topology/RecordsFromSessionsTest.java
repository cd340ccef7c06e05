package io.callstream.processor.topology;

import static io.callstream.avro.CallEventType.CALL_MISSED;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallResult;
import io.callstream.processor.CallEvents;
import io.callstream.processor.records.CallRecord;
import io.callstream.processor.records.RecordKeys;
import io.callstream.processor.records.RecordsTopology;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The whole topology: the sessions' summaries flow back into the call-records view, revisions included. */
class RecordsFromSessionsTest {

    @Test
    void shouldHoldTheLatestRevisionWhenALateEventRevisesAClosedCall() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(caller("r1", "alice", START_CALL, 0), caller("r1", "alice", CALL_MISSED, 30));
            h.advance(Duration.ofSeconds(10));
            assertThat(record(h, "r1").revision()).isEqualTo(1);
            assertThat(record(h, "r1").members()).containsExactly("alice");

            h.send(callee("r1", "bob", NOT_ANSWER_CALL, 30));

            CallRecord r = record(h, "r1");
            assertThat(r.revision()).isEqualTo(2);
            assertThat(r.members()).containsExactly("alice", "bob");
            assertThat(r.result()).isEqualTo(CallResult.NOT_ANSWER);
        }
    }

    private static CallRecord record(TopologyHarness h, String callId) {
        KeyValueStore<Bytes, CallRecord> store = h.driver.getKeyValueStore(RecordsTopology.RECORDS_STORE);
        return store.get(RecordKeys.record(CallEvents.SDK_APP_ID, callId));
    }
}

package io.callstream.processor.topology;

import static io.callstream.avro.CallEventType.CALL_REJECTED;
import static io.callstream.avro.CallEventType.REJECT_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.processor.CallEvents;
import io.callstream.processor.session.SessionKey;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bytes per remembered call in store call-session-tombstones, as its changelog records them (reported in docs/processor.md). */
class TombstoneSizeTest {

    private static final Logger LOG = LoggerFactory.getLogger(TombstoneSizeTest.class);

    @Test
    void shouldRememberAnExpiredCallInUnderOneHundredBytesWhenItsCallIdIsAUuid() {
        try (TopologyHarness h = new TopologyHarness()) {
            String callId = UUID.randomUUID().toString();
            h.send(caller(callId, "user-alice-0001", START_CALL, 0), callee(callId, "user-bob-0002", REJECT_CALL, 2),
                    caller(callId, "user-alice-0001", CALL_REJECTED, 2));
            h.advance(Duration.ofHours(24));

            var changelog = h.driver.createOutputTopic("processor-test-" + CallTopology.TOMBSTONE_STORE + "-changelog",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestRecord<byte[], byte[]> tombstone = changelog.readRecord();
            int storeKey = new SessionKey(CallEvents.SDK_APP_ID, callId).storeKey().length();
            LOG.info("tombstone of a call (store key {} bytes): changelog key {} bytes + value {} bytes",
                    storeKey, tombstone.key().length, tombstone.value().length);

            assertThat(tombstone.key()).hasSize(storeKey + 8 + 4);
            assertThat(tombstone.value()).hasSize(4);
            assertThat(tombstone.key().length + tombstone.value().length).isLessThan(100);
            assertThat(changelog.isEmpty()).isTrue();
        }
    }
}

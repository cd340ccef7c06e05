package io.callstream.ingest.kafka;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.schemas.serde.AvroSerializer;
import java.time.Instant;

/**
 * Encodes {@link CallEvent}s for {@code call-events} in the Confluent wire format. The schema id is
 * fetched once by {@link #warmUp()} (blocking: call it off the event loop); after that
 * {@link #encode} is pure CPU work and safe on the event loop.
 */
public final class CallEventEncoder {

    private final AvroSerializer<CallEvent> serializer;
    private final String topic;
    private volatile boolean ready;

    public CallEventEncoder(AvroSerializer<CallEvent> serializer, String topic) {
        this.serializer = serializer;
        this.topic = topic;
    }

    /** Registers or looks up the schema (a registry call); true once the id is cached. */
    public boolean warmUp() {
        if (!ready) {
            serializer.serialize(topic, sample());
            ready = true;
        }
        return true;
    }

    /** True once the schema id is cached, so {@link #encode} makes no registry call. */
    public boolean ready() {
        return ready;
    }

    public byte[] encode(CallEvent event) {
        if (!ready) {
            throw new IllegalStateException("the CallEvent schema id is not known yet (schema registry not reached)");
        }
        return serializer.serialize(topic, event);
    }

    private static CallEvent sample() {
        return CallEvent.newBuilder().setEventId("warm-up").setSdkAppId(0).setCallId("warm-up").setUserId("warm-up")
                .setRole(CallRole.UNKNOWN).setEvent(CallEventType.UNKNOWN).setCallType(CallType.UNKNOWN)
                .setMediaType(MediaType.UNKNOWN).setEventTime(Instant.EPOCH).setReceivedAt(Instant.EPOCH).build();
    }
}

package io.callstream.ingest.kafka;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.avro.MediaType;
import io.callstream.schemas.serde.AvroSerializer;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes the values of one topic in the Confluent wire format: {@link CallEvent}s for
 * {@code call-events}, {@link DeadLetter}s for {@code call-events-dlq}. The schema id is fetched
 * once by {@link #warmUp()} (blocking: call it off the event loop); after that {@link #encode} is
 * pure CPU work and safe on the event loop.
 */
public final class ValueEncoder<T extends SpecificRecord> {

    private final AvroSerializer<T> serializer;
    private final String topic;
    private final T sample;
    private volatile boolean ready;

    private ValueEncoder(AvroSerializer<T> serializer, String topic, T sample) {
        this.serializer = serializer;
        this.topic = topic;
        this.sample = sample;
    }

    public static ValueEncoder<CallEvent> callEvents(AvroSerializer<CallEvent> serializer, String topic) {
        return new ValueEncoder<>(serializer, topic, CallEvent.newBuilder().setEventId("warm-up").setSdkAppId(0)
                .setCallId("warm-up").setUserId("warm-up").setRole(CallRole.UNKNOWN).setEvent(CallEventType.UNKNOWN)
                .setCallType(CallType.UNKNOWN).setMediaType(MediaType.UNKNOWN).setEventTime(Instant.EPOCH)
                .setReceivedAt(Instant.EPOCH).build());
    }

    public static ValueEncoder<DeadLetter> deadLetters(AvroSerializer<DeadLetter> serializer, String topic) {
        return new ValueEncoder<>(serializer, topic, DeadLetter.newBuilder().setSource(DeadLetterSource.UNKNOWN)
                .setReason("WARM_UP").setMessage("warm-up").setDeadLetteredAt(Instant.EPOCH).build());
    }

    /**
     * Registers or looks up the schema (a registry call, unless the id is cached already); throws
     * when the registry cannot be reached or refuses the schema.
     */
    public void warmUp() {
        serializer.serialize(topic, sample);
        ready = true;
    }

    /** True once the schema id is cached, so {@link #encode} makes no registry call. */
    public boolean ready() {
        return ready;
    }

    public String topic() {
        return topic;
    }

    public byte[] encode(T value) {
        if (!ready) {
            throw new IllegalStateException("the schema id for " + topic + " is not known yet (schema registry not reached)");
        }
        return serializer.serialize(topic, value);
    }
}

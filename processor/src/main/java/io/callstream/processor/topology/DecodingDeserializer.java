package io.callstream.processor.topology;

import io.callstream.avro.CallEvent;
import org.apache.kafka.common.serialization.Deserializer;

/** Wraps the Avro {@link CallEvent} deserializer so that failures become {@link DecodedEvent.Failed} values. */
public final class DecodingDeserializer implements Deserializer<DecodedEvent> {

    private final Deserializer<CallEvent> delegate;

    public DecodingDeserializer(Deserializer<CallEvent> delegate) {
        this.delegate = delegate;
    }

    @Override
    public DecodedEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return new DecodedEvent.Failed(null, "null value (tombstone)");
        }
        try {
            CallEvent e = delegate.deserialize(topic, data);
            if (e.getEventTime() == null) {
                return new DecodedEvent.Failed(data, "eventTime missing");
            }
            return new DecodedEvent.Ok(e, data);
        } catch (RuntimeException e) {
            return new DecodedEvent.Failed(data, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}

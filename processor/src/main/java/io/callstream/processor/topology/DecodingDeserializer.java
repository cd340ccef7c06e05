package io.callstream.processor.topology;

import io.callstream.avro.CallEvent;
import io.callstream.schemas.registry.SchemaRegistryException;
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
            if (systemic(e)) {
                // Not the record's fault (registry unreachable, class trust): fail the task, never dead-letter good data.
                throw e;
            }
            return new DecodedEvent.Failed(data, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** True when the failure says nothing about the record: a retriable registry error or a trust problem. */
    static boolean systemic(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException sre && sre.isRetriable() || t instanceof SecurityException) {
                return true;
            }
        }
        return false;
    }
}

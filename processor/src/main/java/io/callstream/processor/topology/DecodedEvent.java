package io.callstream.processor.topology;

import io.callstream.avro.CallEvent;

/**
 * A value of topic call-events after decoding: the event, or the raw bytes and why they could not
 * be decoded. Decoding never throws, so a bad record reaches the topology and is routed to the
 * dead-letter sink inside the same transaction instead of stopping the application.
 */
public sealed interface DecodedEvent {

    record Ok(CallEvent event, byte[] raw) implements DecodedEvent {
    }

    record Failed(byte[] raw, String error) implements DecodedEvent {
    }
}

package io.callstream.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id (big-endian),
 * then the Avro binary body.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id of a framed record; a clear error when the bytes are not in this format. */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Cannot decode record of topic " + topic + ": " + data.length
                    + " bytes is shorter than the 5-byte Confluent wire-format header");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("Cannot decode record of topic " + topic + ": unknown magic byte "
                    + data[0] + " (expected 0, Confluent wire format)");
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}

package io.callstream.processor.topology;

import io.callstream.schemas.AvroTrust;

import io.callstream.processor.state.CallSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the {@link CallSession} values of store call-sessions: one format byte, then plain Avro
 * binary of the processor-private schema (no registry: the state is ours alone and changelog
 * topics are internal). Format byte 1 = CallSession.avsc as shipped.
 */
public final class CallSessionSerde implements Serde<CallSession>, Serializer<CallSession>, Deserializer<CallSession> {

    private static final byte FORMAT = 1;

    static {
        AvroTrust.install();
    }

    /** Per-thread reusable buffer, encoder and decoder (one serde serves every stream thread). */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }

    /**
     * Avro's generated custom coders: the same binary encoding, written and read by code generated
     * for these classes instead of the generic schema walk (a seventh of the stream thread's time,
     * profiled). The state schema has no logical types, which is what custom coders need.
     */
    private static final SpecificData MODEL = customCoders();

    private final DatumWriter<CallSession> writer = new SpecificDatumWriter<>(CallSession.getClassSchema(), MODEL);
    private final DatumReader<CallSession> reader =
            new SpecificDatumReader<>(CallSession.getClassSchema(), CallSession.getClassSchema(), MODEL);

    private static SpecificData customCoders() {
        SpecificData model = new SpecificData(CallSession.class.getClassLoader());
        model.setCustomCoders(true);
        return model;
    }

    @Override
    public byte[] serialize(String topic, CallSession session) {
        if (session == null) {
            return null;
        }
        Buffers b = BUFFERS.get();
        b.out.reset();
        b.out.write(FORMAT);
        b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
        try {
            writer.write(session, b.encoder);
            b.encoder.flush();
        } catch (IOException e) {
            throw new SerializationException("Cannot encode call session: " + e, e);
        }
        return b.out.toByteArray();
    }

    @Override
    public CallSession deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0 || data[0] != FORMAT) {
            throw new SerializationException("Unknown call session format " + (data.length == 0 ? "(empty)" : data[0]));
        }
        Buffers b = BUFFERS.get();
        b.decoder = DecoderFactory.get().binaryDecoder(data, 1, data.length - 1, b.decoder);
        try {
            return reader.read(null, b.decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode call session: " + e, e);
        }
    }

    @Override
    public Serializer<CallSession> serializer() {
        return this;
    }

    @Override
    public Deserializer<CallSession> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // nothing to release
    }
}

package io.callstream.schemas.serde;

import io.callstream.schemas.AvroTrust;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro: the writer schema comes from the registry by the id in the
 * header (cached), and Avro schema resolution maps it onto the reader's schema, so records written
 * with an older or newer compatible schema decode. Returns the generated class when one is given
 * ({@code specific.avro.value.type} or the constructor), generic records otherwise. Bytes that are
 * not in the format give a {@link SerializationException} that says why.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private SchemaRegistryClient client;
    private Class<? extends SpecificRecord> type;
    private Schema readerSchema;
    private boolean fastCoders = true;
    private final Map<Integer, Reader<T>> readers = new ConcurrentHashMap<>();

    /** How records of one writer schema id are read: the fast coder when it applies, else a resolving datum reader. */
    private record Reader<T>(DatumReader<T> datumReader, RecordCoder<T> coder) {
        T read(Decoder in) throws IOException {
            return coder != null ? coder.read(in) : datumReader.read(null, in);
        }
    }

    /** Per-thread decoder, re-pointed at each record's bytes (a deserializer is shared by stream threads). */
    private static final ThreadLocal<BinaryDecoder[]> DECODER = ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroDeserializer() {
        AvroTrust.install();
    }

    /** Decodes into the given generated class (null: generic records) through a caller-owned client. */
    public AvroDeserializer(SchemaRegistryClient client, Class<? extends SpecificRecord> type) {
        this(client, type, true);
    }

    /**
     * As {@link #AvroDeserializer(SchemaRegistryClient, Class)}; {@code fastCoders} false reads every
     * record with Avro's datum readers ({@code avro.fast.coders}).
     */
    public AvroDeserializer(SchemaRegistryClient client, Class<? extends SpecificRecord> type, boolean fastCoders) {
        this();
        this.client = client;
        this.fastCoders = fastCoders;
        setType(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = SchemaRegistryClients.create(configs);
        }
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        fastCoders = config.fastCoders();
        String typeName = config.specificValueType();
        if (type == null && typeName != null) {
            try {
                setType((Class<? extends SpecificRecord>) Class.forName(typeName));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE + ": no class " + typeName, e);
            }
        }
    }

    /**
     * Decodes into generic records of the given reader schema (e.g. a newer or older version of a
     * contract schema), resolving each writer schema onto it.
     */
    public AvroDeserializer(SchemaRegistryClient client, Schema readerSchema) {
        this();
        this.client = client;
        this.readerSchema = readerSchema;
    }

    private void setType(Class<? extends SpecificRecord> type) {
        this.type = type;
        this.readerSchema = type == null ? null : SpecificData.get().getSchema(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: schema.registry.url is missing");
        }
        int id = WireFormat.schemaId(topic, data);
        Reader<T> reader = readers.get(id);
        if (reader == null) {
            reader = readers.computeIfAbsent(id, this::reader);
        }
        BinaryDecoder[] decoder = DECODER.get();
        try {
            decoder[0] = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, decoder[0]);
            return reader.read(decoder[0]);
        } catch (Exception e) {
            throw new SerializationException("Cannot decode Avro record of topic " + topic + " with schema id " + id
                    + (type == null ? "" : " as " + type.getName()) + ": " + e, e);
        }
    }

    /** True when records of this writer schema id are read by the hand-written coder (for tests). */
    boolean readsWithCoder(int id) {
        Reader<T> reader = readers.get(id);
        return reader != null && reader.coder() != null;
    }

    @SuppressWarnings("unchecked")
    private Reader<T> reader(int id) {
        Schema writer;
        try {
            writer = client.getById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot decode record: schema id " + id + " could not be fetched: "
                    + e.getMessage(), e);
        }
        if (type == null) {
            return new Reader<>(new GenericDatumReader<>(writer, readerSchema == null ? writer : readerSchema), null);
        }
        RecordCoder<T> coder = fastCoders ? (RecordCoder<T>) RecordCoders.forWriter(type, writer) : null;
        return new Reader<>(new SpecificDatumReader<>(writer, readerSchema, ListSpecificData.INSTANCE), coder);
    }

    @Override
    public void close() {
        // The client may be shared; its owner closes it.
    }
}

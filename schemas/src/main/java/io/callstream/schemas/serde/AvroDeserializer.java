package io.callstream.schemas.serde;

import io.callstream.schemas.AvroTrust;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.registry.SchemaRegistryException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
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
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroDeserializer() {
        AvroTrust.install();
    }

    /** Decodes into the given generated class (null: generic records) through a caller-owned client. */
    public AvroDeserializer(SchemaRegistryClient client, Class<? extends SpecificRecord> type) {
        this();
        this.client = client;
        setType(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = SchemaRegistryClients.create(configs);
        }
        String typeName = AvroSerdeConfig.from(configs).specificValueType();
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
        DatumReader<T> reader = readers.computeIfAbsent(id, this::reader);
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, null));
        } catch (Exception e) {
            throw new SerializationException("Cannot decode Avro record of topic " + topic + " with schema id " + id
                    + (type == null ? "" : " as " + type.getName()) + ": " + e, e);
        }
    }

    private DatumReader<T> reader(int id) {
        Schema writer;
        try {
            writer = client.getById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot decode record: schema id " + id + " could not be fetched: "
                    + e.getMessage(), e);
        }
        if (type == null) {
            return new GenericDatumReader<>(writer, readerSchema == null ? writer : readerSchema);
        }
        return new SpecificDatumReader<>(writer, readerSchema, ListSpecificData.INSTANCE);
    }

    @Override
    public void close() {
        // The client may be shared; its owner closes it.
    }
}

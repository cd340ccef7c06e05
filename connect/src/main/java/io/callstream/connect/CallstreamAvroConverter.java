package io.callstream.connect;

import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroDeserializer;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Kafka Connect {@link Converter} for sink connectors that reads callstream's topics
 * ({@code call-summaries}, {@code missed-call-alerts}, ...): Confluent-wire-format Avro whose writer
 * schema it fetches from the registry at {@code schema.registry.url} (Confluent API, e.g. Apicurio's
 * {@code /apis/ccompat/v7}) through callstream's own client, then maps to Connect data with
 * {@link AvroToConnect}. Configured like Confluent's {@code AvroConverter}
 * ({@code value.converter.schema.registry.url}, {@code basic.auth.user.info}, ...), so a connector
 * config switches between the two by the class name alone. Read only: source connectors need a
 * converter that also writes.
 */
public final class CallstreamAvroConverter implements Converter {

    private final AvroToConnect mapping = new AvroToConnect();
    private AvroDeserializer<GenericRecord> deserializer;

    /** Reads the registry settings ({@code schema.registry.url}, ...); keys and values alike (ids are global). */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SchemaRegistryClient client = SchemaRegistryClients.create(configs);
        deserializer = new AvroDeserializer<>(client, (Class<? extends SpecificRecord>) null);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        if (deserializer == null) {
            throw new IllegalStateException("CallstreamAvroConverter is not configured: schema.registry.url is missing");
        }
        GenericRecord record;
        try {
            record = deserializer.deserialize(topic, value);
        } catch (SerializationException e) {
            throw new DataException("Topic " + topic + ": " + e.getMessage(), e);
        }
        Schema schema = mapping.schema(record.getSchema());
        return new SchemaAndValue(schema, mapping.value(schema, record));
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        throw new DataException("CallstreamAvroConverter only reads (sink connectors); topic " + topic
                + " needs a converter that writes");
    }
}

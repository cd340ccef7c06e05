package io.callstream.schemas.serde;

import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} of one generated Avro class in the Confluent wire format, for producers,
 * consumers and Kafka Streams. Build one per type with {@link #of}; serdes built from the same
 * client share its caches.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** A value serde for {@code type} over a shared client. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaRegistryClient client,
                                                             AvroSerdeConfig config) {
        return new AvroSerde<>(new AvroSerializer<>(client, config, false), new AvroDeserializer<>(client, type, config.fastCoders()));
    }

    /** A value serde for {@code type} configured from serde properties ({@code schema.registry.url}, ...). */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, Map<String, ?> props) {
        return of(type, SchemaRegistryClients.create(props), AvroSerdeConfig.from(props));
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}

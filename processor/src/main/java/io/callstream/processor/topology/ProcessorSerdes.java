package io.callstream.processor.topology;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallSummary;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.MissedCallAlert;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroDeserializer;
import io.callstream.schemas.serde.AvroSerdeConfig;
import io.callstream.schemas.serde.AvroSerializer;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serdes of the topology, all over one cached registry client (schema ids are looked up once,
 * not per record): call-events values decoded without throwing, Avro summaries and alerts in the
 * Confluent wire format, the flat participant rows, dead letters ({@link DeadLetter}, the one shape of call-events-dlq),
 * the private session-state serde, and the reader of call-summaries for the call-records view.
 */
public record ProcessorSerdes(DecodingDeserializer callEvents,
                              Serializer<CallSummary> callSummaries,
                              Serializer<MissedCallAlert> missedCallAlerts,
                              CallSessionSerde sessions,
                              Serializer<DeadLetter> deadLetters,
                              Serializer<CallParticipant> callParticipants,
                              Deserializer<CallSummary> summaryReader) {

    /** Serdes from serde properties ({@code schema.registry.url} = http URL or {@code mock://scope}, ...). */
    public static ProcessorSerdes create(Map<String, ?> serdeProps) {
        SchemaRegistryClient client = SchemaRegistryClients.create(serdeProps);
        AvroSerdeConfig config = AvroSerdeConfig.from(serdeProps);
        return new ProcessorSerdes(
                new DecodingDeserializer(new AvroDeserializer<>(client, CallEvent.class, config.fastCoders())),
                new AvroSerializer<>(client, config, false),
                new AvroSerializer<>(client, config, false),
                new CallSessionSerde(),
                new AvroSerializer<>(client, config, false),
                new AvroSerializer<>(client, config, false),
                new AvroDeserializer<>(client, CallSummary.class, config.fastCoders()));
    }
}

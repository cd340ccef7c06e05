package io.callstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.schemas.SampleRecords;
import io.callstream.schemas.registry.RegistryConfig;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.testkit.SchemaRegistryExtension;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fast coders with a real registry (Apicurio): the schema it hands back by id is recognised as
 * the compiled one, so records are read by the coders; an older registered version is resolved.
 */
class FastCodersRegistryIT {

    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    private final SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(RegistryConfig.URL, REGISTRY.url()));

    @Test
    void shouldReadWithTheCodersWhenTheRegistryHandsBackTheCompiledSchemas() {
        assertReadByCoder(CallEvent.class, "fast-call-events", SampleRecords.v4CallEvent("c1"));
        assertReadByCoder(CallSummary.class, "fast-call-summaries", SampleRecords.callSummary("c1"));
        assertReadByCoder(MissedCallAlert.class, "fast-missed-call-alerts", SampleRecords.missedCallAlert("c1"));
        assertReadByCoder(CallParticipant.class, "fast-call-participants", SampleRecords.callParticipant("c1"));
    }

    @Test
    void shouldResolveWhenTheRecordWasWrittenWithTheFirstCallEventVersion() {
        String topic = "fast-evolving-call-events";
        Schema r1 = SampleRecords.callEventSchemaR1();
        client.register(topic + "-value", r1);
        byte[] old = new AvroSerializer<GenericRecord>(client, AvroSerdeConfig.from(Map.of()), false)
                .serialize(topic, SampleRecords.asSchema(SampleRecords.callEvent("old"), r1));
        byte[] current = new AvroSerializer<CallEvent>(client, AvroSerdeConfig.from(Map.of()), false)
                .serialize(topic, SampleRecords.v4CallEvent("new"));
        AvroDeserializer<CallEvent> reader = new AvroDeserializer<>(client, CallEvent.class);

        assertThat(reader.deserialize(topic, old)).isEqualTo(SampleRecords.callEvent("old"));
        assertThat(reader.deserialize(topic, current)).isEqualTo(SampleRecords.v4CallEvent("new"));
        assertThat(reader.readsWithCoder(id(old))).isFalse();
        assertThat(reader.readsWithCoder(id(current))).isTrue();
    }

    private <T extends SpecificRecord> void assertReadByCoder(Class<T> type, String topic, T record) {
        byte[] fast = AvroSerde.of(type, client, AvroSerdeConfig.from(Map.of())).serializer().serialize(topic, record);
        byte[] plain = AvroSerde.of(type, client, AvroSerdeConfig.from(Map.of(AvroSerdeConfig.AVRO_FAST_CODERS, "false")))
                .serializer().serialize(topic, record);
        AvroDeserializer<T> reader = new AvroDeserializer<>(client, type);

        assertThat(fast).isEqualTo(plain);
        assertThat(reader.deserialize(topic, fast)).isEqualTo(record);
        assertThat(reader.readsWithCoder(id(fast))).as("%s read by its coder", type.getSimpleName()).isTrue();
    }

    private static int id(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }
}

package io.callstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.schemas.SampleRecords;
import io.callstream.schemas.Topics;
import io.callstream.schemas.registry.InMemorySchemaRegistry;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code CallEvent} gained the callback families' fields (family, result, caller, callees, users,
 * changed users, room id type, chat group id) without breaking either side: readers on the first
 * version decode new records, and new readers decode records of the first version.
 */
class CallEventEvolutionTest {

    private static final String SCOPE = "call-event-evolution";
    private final SchemaRegistryClient client = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + SCOPE));
    private final Schema r1 = SampleRecords.callEventSchemaR1();

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.drop(SCOPE);
    }

    @Test
    void shouldBeCompatibleBothWaysWhenComparedWithTheFirstVersion() {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(CallEvent.getClassSchema(), r1).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(r1, CallEvent.getClassSchema()).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void shouldRegisterAsNewVersionWhenSubjectHoldsTheFirstVersion() {
        int first = client.register("call-events-value", r1);

        byte[] bytes = newWriter().serialize(Topics.CALL_EVENTS, SampleRecords.v4CallEvent("c1"));

        assertThat(InMemorySchemaRegistry.scope(SCOPE).latest("call-events-value").version()).isEqualTo(2);
        assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isNotEqualTo(first);
    }

    @Test
    void shouldDecodeNewRecordWhenReaderIsOnTheFirstVersion() {
        client.register("call-events-value", r1);
        CallEvent v4 = SampleRecords.v4CallEvent("c1");

        byte[] bytes = newWriter().serialize(Topics.CALL_EVENTS, v4);
        GenericRecord read = new AvroDeserializer<GenericRecord>(client, r1).deserialize(Topics.CALL_EVENTS, bytes);

        assertThat(read).isEqualTo(SampleRecords.asSchema(v4, r1));
        assertThat(read.get("userId")).isEqualTo("user2");
        assertThat(read.get("callResult")).isEqualTo("NotAnswer");
        assertThat(read.getSchema().getField("family")).isNull();
    }

    @Test
    void shouldDecodeFirstVersionRecordWithNullFamilyFieldsWhenReaderIsNew() {
        client.register("call-events-value", r1);
        GenericRecord old = SampleRecords.asSchema(SampleRecords.callEvent("c1"), r1);

        byte[] bytes = new AvroSerializer<GenericRecord>(client, AvroSerdeConfig.from(Map.of()), false)
                .serialize(Topics.CALL_EVENTS, old);
        CallEvent read = new AvroDeserializer<CallEvent>(client, CallEvent.class).deserialize(Topics.CALL_EVENTS, bytes);

        assertThat(read).isEqualTo(SampleRecords.callEvent("c1"));
        assertThat(read.getFamily()).isNull();
        assertThat(read.getUsers()).isNull();
        assertThat(read.getChangedUsers()).isNull();
    }

    @Test
    void shouldRoundTripEveryFamilyFieldWhenWriterAndReaderAreNew() {
        CallEvent v4 = SampleRecords.v4CallEvent("c1");

        byte[] bytes = newWriter().serialize(Topics.CALL_EVENTS, v4);

        assertThat(new AvroDeserializer<CallEvent>(client, CallEvent.class).deserialize(Topics.CALL_EVENTS, bytes))
                .isEqualTo(v4);
    }

    private AvroSerializer<CallEvent> newWriter() {
        return new AvroSerializer<>(client, AvroSerdeConfig.from(Map.of()), false);
    }
}

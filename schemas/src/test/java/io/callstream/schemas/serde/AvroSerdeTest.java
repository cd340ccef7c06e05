package io.callstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.schemas.SampleRecords;
import io.callstream.schemas.Topics;
import io.callstream.schemas.registry.InMemorySchemaRegistry;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final String SCOPE = "avro-serde-test";
    private final Map<String, Object> props = Map.of("schema.registry.url", "mock://" + SCOPE);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.drop(SCOPE);
    }

    @Test
    void shouldRoundTripEveryRecordTypeWhenWrittenInWireFormat() {
        assertRoundTrip(CallEvent.class, Topics.CALL_EVENTS, SampleRecords.callEvent("c1"));
        assertRoundTrip(CallSummary.class, Topics.CALL_SUMMARIES, SampleRecords.callSummary("c1"));
        assertRoundTrip(MissedCallAlert.class, Topics.MISSED_CALL_ALERTS, SampleRecords.missedCallAlert("c1"));
        assertRoundTrip(CallParticipant.class, Topics.CALL_PARTICIPANTS, SampleRecords.callParticipant("c1"));
    }

    @Test
    void shouldWriteMagicByteAndRegisteredIdWhenSerializing() {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, props);

        byte[] bytes = serde.serializer().serialize(Topics.CALL_EVENTS, SampleRecords.callEvent("c1"));

        int registered = InMemorySchemaRegistry.scope(SCOPE).latest("call-events-value").id();
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registered);
    }

    @Test
    void shouldDecodeWithOlderReaderWhenWriterUsedEvolvedSchema() {
        SchemaRegistryClient client = SchemaRegistryClients.create(props);
        CallEvent base = SampleRecords.callEvent("c1");
        GenericRecord evolved = SampleRecords.asEvolved(base);
        evolved.put("tenant", "acme");
        AvroSerializer<GenericRecord> writer = new AvroSerializer<>(client, AvroSerdeConfig.from(Map.of()), false);

        byte[] bytes = writer.serialize(Topics.CALL_EVENTS, evolved);
        CallEvent read = new AvroDeserializer<CallEvent>(client, CallEvent.class).deserialize(Topics.CALL_EVENTS, bytes);

        assertThat(read).isEqualTo(base);
    }

    @Test
    void shouldFillDefaultWhenNewerReaderReadsOldRecord() {
        SchemaRegistryClient client = SchemaRegistryClients.create(props);
        byte[] bytes = AvroSerde.of(CallEvent.class, client, AvroSerdeConfig.from(Map.of()))
                .serializer().serialize(Topics.CALL_EVENTS, SampleRecords.callEvent("c1"));

        GenericRecord read = new AvroDeserializer<GenericRecord>(client, SampleRecords.evolvedCallEventSchema())
                .deserialize(Topics.CALL_EVENTS, bytes);

        assertThat(read.get("tenant")).isNull();
        assertThat(read.get("callId").toString()).isEqualTo("c1");
    }

    @Test
    void shouldFailClearlyWhenBytesAreGarbage() {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, props);
        serde.serializer().serialize(Topics.CALL_EVENTS, SampleRecords.callEvent("c1"));
        int id = InMemorySchemaRegistry.scope(SCOPE).latest("call-events-value").id();

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.CALL_EVENTS, "{\"json\":1}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown magic byte");
        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.CALL_EVENTS, new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("shorter than");
        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.CALL_EVENTS, new byte[] {0, 0, 0, 0x7f, 0x7f, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schema id " + 0x7f7f);
        byte[] truncated = {0, 0, 0, 0, (byte) id, 2, 'x'};
        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.CALL_EVENTS, truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Cannot decode");
    }

    @Test
    void shouldPassNullThroughWhenTombstone() {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, props);

        assertThat(serde.serializer().serialize(Topics.CALL_EVENTS, null)).isNull();
        assertThat(serde.deserializer().deserialize(Topics.CALL_EVENTS, null)).isNull();
    }

    @Test
    void shouldRefuseWhenAutoRegisterIsOffAndSchemaIsUnregistered() {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class,
                Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", "false"));

        assertThatThrownBy(() -> serde.serializer().serialize(Topics.CALL_EVENTS, SampleRecords.callEvent("c1")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("call-events-value")
                .hasMessageContaining("deploy step");
    }

    @Test
    void shouldUseRegisteredIdWhenAutoRegisterIsOffAndSchemaWasRegisteredByDeployStep() {
        int id = InMemorySchemaRegistry.scope(SCOPE).register("call-events-value", CallEvent.getClassSchema());
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class,
                Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", "false"));

        byte[] bytes = serde.serializer().serialize(Topics.CALL_EVENTS, SampleRecords.callEvent("c1"));

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void shouldWriteWithLatestSchemaWhenUseLatestVersionIsOn() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(SCOPE);
        registry.register("call-events-value", CallEvent.getClassSchema());
        int latestId = registry.register("call-events-value", SampleRecords.evolvedCallEventSchema());
        SchemaRegistryClient client = SchemaRegistryClients.create(props);
        AvroSerializer<CallEvent> serializer = new AvroSerializer<>(client,
                AvroSerdeConfig.from(Map.of("use.latest.version", "true", "auto.register.schemas", "false")), false);

        byte[] bytes = serializer.serialize(Topics.CALL_EVENTS, SampleRecords.callEvent("c1"));
        GenericRecord read = new AvroDeserializer<GenericRecord>(client, (Class<? extends SpecificRecord>) null)
                .deserialize(Topics.CALL_EVENTS, bytes);

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
        assertThat(read.getSchema().getField("tenant")).isNotNull();
        assertThat(read.get("callId").toString()).isEqualTo("c1");
    }

    @Test
    void shouldCallRegistryOnceWhenManyRecordsAreSerialized() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(SCOPE);
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, props);

        for (int i = 0; i < 1_000; i++) {
            byte[] bytes = serde.serializer().serialize(Topics.CALL_EVENTS, SampleRecords.callEvent("c" + i));
            serde.deserializer().deserialize(Topics.CALL_EVENTS, bytes);
        }

        assertThat(registry.callCount()).isEqualTo(1);
    }

    private <T extends SpecificRecord> void assertRoundTrip(Class<T> type, String topic, T record) {
        AvroSerde<T> serde = AvroSerde.of(type, props);
        byte[] bytes = serde.serializer().serialize(topic, record);
        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(record);
    }
}

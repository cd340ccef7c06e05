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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written coders against Avro's own datum writer and reader: for random records of every
 * shape the bytes are identical and the decoded records equal; the serdes use the coders only for
 * the compiled schema and resolve every other writer schema.
 */
class RecordCodersTest {

    private static final int RECORDS = 400;
    private static final String SCOPE = "record-coders";

    private final SchemaRegistryClient client = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + SCOPE));

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.drop(SCOPE);
    }

    static Stream<Class<? extends SpecificRecord>> types() {
        return Stream.of(CallEvent.class, CallSummary.class, MissedCallAlert.class, CallParticipant.class);
    }

    @ParameterizedTest
    @MethodSource("types")
    <T extends SpecificRecord> void shouldWriteTheBytesOfAvrosDatumWriterWhenRecordsAreRandom(Class<T> type) throws IOException {
        RecordCoder<T> coder = RecordCoders.forClass(type);
        RandomRecords random = new RandomRecords(type.getName().hashCode());
        for (int i = 0; i < RECORDS; i++) {
            T record = random.next(type);
            assertThat(coderBytes(coder, record)).as("record %s", record).isEqualTo(avroBytes(record));
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    <T extends SpecificRecord> void shouldReadWhatAvrosDatumReaderReadsWhenRecordsAreRandom(Class<T> type) throws IOException {
        RecordCoder<T> coder = RecordCoders.forClass(type);
        Schema schema = coder.schema();
        SpecificDatumReader<T> avroReader = new SpecificDatumReader<>(schema, schema, ListSpecificData.INSTANCE);
        RandomRecords random = new RandomRecords(~type.getName().hashCode());
        for (int i = 0; i < RECORDS; i++) {
            T record = random.next(type);
            byte[] bytes = avroBytes(record);
            T byCoder = coder.read(DecoderFactory.get().binaryDecoder(bytes, null));
            T byAvro = avroReader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            assertThat(byCoder).isEqualTo(byAvro).isEqualTo(record);
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    <T extends SpecificRecord> void shouldFrameTheSameBytesWhenTheSerdeUsesTheCoder(Class<T> type) {
        AvroSerde<T> fast = AvroSerde.of(type, client, AvroSerdeConfig.from(Map.of()));
        AvroSerde<T> plain = AvroSerde.of(type, client, AvroSerdeConfig.from(Map.of(AvroSerdeConfig.AVRO_FAST_CODERS, "false")));
        RandomRecords random = new RandomRecords(42);
        for (int i = 0; i < RECORDS / 4; i++) {
            T record = random.next(type);
            byte[] bytes = fast.serializer().serialize("topic", record);
            assertThat(bytes).isEqualTo(plain.serializer().serialize("topic", record));
            assertThat(fast.deserializer().deserialize("topic", bytes)).isEqualTo(record)
                    .isEqualTo(plain.deserializer().deserialize("topic", bytes));
        }
        AvroDeserializer<T> reader = (AvroDeserializer<T>) fast.deserializer();
        assertThat(reader.readsWithCoder(schemaId(fast.serializer().serialize("topic", random.next(type))))).isTrue();
    }

    @Test
    void shouldResolveWhenCallEventWasWrittenWithTheFirstVersion() {
        Schema r1 = SampleRecords.callEventSchemaR1();
        GenericRecord old = SampleRecords.asSchema(SampleRecords.callEvent("c1"), r1);
        byte[] bytes = new AvroSerializer<GenericRecord>(client, AvroSerdeConfig.from(Map.of()), false)
                .serialize(Topics.CALL_EVENTS, old);
        AvroDeserializer<CallEvent> reader = new AvroDeserializer<>(client, CallEvent.class);

        CallEvent read = reader.deserialize(Topics.CALL_EVENTS, bytes);

        assertThat(read).isEqualTo(SampleRecords.callEvent("c1"));
        assertThat(reader.readsWithCoder(schemaId(bytes))).isFalse();
    }

    @Test
    void shouldResolveWhenCallSummaryWasWrittenWithANewerSchema() {
        Schema newer = withExtraField(CallSummary.getClassSchema());
        CallSummary summary = SampleRecords.callSummary("c1");
        GenericRecord written = new GenericData.Record(newer);
        for (Schema.Field f : CallSummary.getClassSchema().getFields()) {
            written.put(f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(summary).get(f.name())));
        }
        written.put("region", "eu-west");
        byte[] bytes = new AvroSerializer<GenericRecord>(client, AvroSerdeConfig.from(Map.of()), false)
                .serialize(Topics.CALL_SUMMARIES, written);
        AvroDeserializer<CallSummary> reader = new AvroDeserializer<>(client, CallSummary.class);

        CallSummary read = reader.deserialize(Topics.CALL_SUMMARIES, bytes);

        assertThat(read).isEqualTo(summary);
        assertThat(reader.readsWithCoder(schemaId(bytes))).isFalse();
    }

    @Test
    void shouldWriteWithTheDatumWriterWhenTheRecordIsGenericOfTheCompiledSchema() throws IOException {
        CallSummary summary = SampleRecords.callSummary("c1");
        AvroSerializer<GenericRecord> generic = new AvroSerializer<>(client, AvroSerdeConfig.from(Map.of()), false);
        AvroSerializer<CallSummary> specific = new AvroSerializer<>(client, AvroSerdeConfig.from(Map.of()), false);

        byte[] bySpecific = specific.serialize("topic", summary);
        byte[] byGeneric = generic.serialize("topic", toGeneric(summary));

        assertThat(byGeneric).isEqualTo(bySpecific);
    }

    @Test
    void shouldFailClearlyWhenTheBytesAreCutShort() {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, client, AvroSerdeConfig.from(Map.of()));
        byte[] bytes = serde.serializer().serialize(Topics.CALL_EVENTS, SampleRecords.v4CallEvent("c1"));
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.CALL_EVENTS, cut))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot decode Avro record of topic call-events");
        assertThat(serde.deserializer().deserialize(Topics.CALL_EVENTS, bytes)).isEqualTo(SampleRecords.v4CallEvent("c1"));
    }

    @Test
    void shouldFailClearlyWhenAnEnumIndexIsOutOfRange() {
        AvroSerde<MissedCallAlert> serde = AvroSerde.of(MissedCallAlert.class, client, AvroSerdeConfig.from(Map.of()));
        MissedCallAlert alert = SampleRecords.missedCallAlert("c1");
        alert.setCallerId(null);
        byte[] bytes = serde.serializer().serialize(Topics.MISSED_CALL_ALERTS, alert);
        // header, alertId, sdkAppId, callId, calleeId, callerId (null branch), then callType: an enum index.
        int at = WireFormat.HEADER_SIZE + 1 + alert.getAlertId().length() + zigZagLength(alert.getSdkAppId())
                + 1 + alert.getCallId().length() + 1 + alert.getCalleeId().length() + 1;
        bytes[at] = 100; // zig-zag 50

        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.MISSED_CALL_ALERTS, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("enum index 50 out of range for CallType");
    }

    @Test
    void shouldNameTheFieldWhenARequiredFieldIsNull() {
        AvroSerde<CallParticipant> serde = AvroSerde.of(CallParticipant.class, client, AvroSerdeConfig.from(Map.of()));
        CallParticipant row = SampleRecords.callParticipant("c1");
        row.setUserId(null);

        assertThatThrownBy(() -> serde.serializer().serialize(Topics.CALL_PARTICIPANTS, row))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("CallParticipant.userId");
        row.setUserId("u1");
        assertThat(serde.deserializer().deserialize(Topics.CALL_PARTICIPANTS,
                serde.serializer().serialize(Topics.CALL_PARTICIPANTS, row))).isEqualTo(row);
    }

    @Test
    void shouldOfferCodersOnlyForTheCompiledSchemaWhenAskedForAWriter() {
        assertThat(RecordCoders.forWriter(CallEvent.class, CallEvent.getClassSchema())).isNotNull();
        assertThat(RecordCoders.forWriter(CallEvent.class, new Schema.Parser().parse(CallEvent.getClassSchema().toString())))
                .isNotNull();
        assertThat(RecordCoders.forWriter(CallEvent.class, SampleRecords.callEventSchemaR1())).isNull();
        assertThat(RecordCoders.forWriter(CallSummary.class, withExtraField(CallSummary.getClassSchema()))).isNull();
        assertThat(RecordCoders.forClass(io.callstream.avro.DeadLetter.class)).isNull();
    }

    private static int schemaId(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    private static int zigZagLength(long v) {
        long z = (v << 1) ^ (v >> 63);
        int n = 1;
        while ((z & ~0x7FL) != 0) {
            z >>>= 7;
            n++;
        }
        return n;
    }

    private static Schema withExtraField(Schema schema) {
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field("region", SchemaBuilder.builder().stringType(), null, "unknown"));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static GenericRecord toGeneric(SpecificRecord record) {
        try {
            byte[] bytes = avroBytes(record);
            return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(record.getSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static <T extends SpecificRecord> byte[] coderBytes(RecordCoder<T> coder, T record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        coder.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] avroBytes(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(record.getSchema(), SpecificData.getForSchema(record.getSchema())).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}

package io.callstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.schemas.SampleRecords;
import io.callstream.schemas.Topics;
import io.callstream.schemas.registry.InMemorySchemaRegistry;
import io.callstream.schemas.serde.AvroSerializer;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The converter against records written by callstream's own serializer (in-memory registry). */
class CallstreamAvroConverterTest {

    private static final String REGISTRY = "mock://converter-test";
    private final CallstreamAvroConverter converter = new CallstreamAvroConverter();
    private final AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();

    CallstreamAvroConverterTest() {
        Map<String, String> config = Map.of("schema.registry.url", REGISTRY);
        converter.configure(config, false);
        serializer.configure(config, false);
    }

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.drop("converter-test");
    }

    @Test
    void shouldGiveTimestampsAsConnectTimestampsWhenReadingASummary() {
        CallSummary summary = SampleRecords.callSummary("call-1");

        Struct row = read(Topics.CALL_SUMMARIES, summary);

        assertThat(row.schema().field("startedAt").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(row.get("startedAt")).isEqualTo(Date.from(summary.getStartedAt()));
        assertThat(row.get("answeredAt")).isEqualTo(Date.from(summary.getAnsweredAt()));
        assertThat(row.schema().field("answeredAt").schema().isOptional()).isTrue();
    }

    @Test
    void shouldGiveNullWhenAnOptionalTimestampIsAbsent() {
        CallSummary missed = CallSummary.newBuilder(SampleRecords.callSummary("call-2")).setAnsweredAt(null).build();

        Struct row = read(Topics.CALL_SUMMARIES, missed);

        assertThat(row.get("answeredAt")).isNull();
        assertThat(row.getString("callId")).isEqualTo("call-2");
    }

    @Test
    void shouldGiveEnumsAsStringsWhenReadingAnAlert() {
        MissedCallAlert alert = SampleRecords.missedCallAlert("call-3");

        Struct row = read(Topics.MISSED_CALL_ALERTS, alert);

        assertThat(row.schema().field("reason").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(row.getString("reason")).isEqualTo("NO_ANSWER");
        assertThat(row.getString("callType")).isEqualTo("SINGLE");
        assertThat(row.getInt64("sdkAppId")).isEqualTo(1_400_000_001L);
        assertThat(row.getInt64("ringDurationMs")).isEqualTo(30_000L);
    }

    @Test
    void shouldGiveParticipantsAsAnArrayOfStructsWhenReadingASummary() {
        Struct row = read(Topics.CALL_SUMMARIES, SampleRecords.callSummary("call-4"));

        List<Struct> participants = row.getArray("participants");
        assertThat(participants).extracting(p -> p.getString("userId"), p -> p.getString("role"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Alice", "CALLER"),
                        org.assertj.core.groups.Tuple.tuple("Bob", "CALLEE"));
        assertThat(participants.get(1).get("leftAt")).isNull();
    }

    @Test
    void shouldGiveTheSameSchemaObjectWhenRecordsShareAWriterSchema() {
        Struct first = read(Topics.CALL_SUMMARIES, SampleRecords.callSummary("call-5"));
        Struct second = read(Topics.CALL_SUMMARIES, SampleRecords.callSummary("call-6"));

        assertThat(second.schema()).isSameAs(first.schema());
    }

    @Test
    void shouldGiveNullWhenTheValueIsATombstone() {
        assertThat(converter.toConnectData(Topics.CALL_SUMMARIES, null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void shouldSayWhichTopicWhenBytesAreNotInTheWireFormat() {
        assertThatThrownBy(() -> converter.toConnectData(Topics.CALL_SUMMARIES, new byte[] {1, 2, 3}))
                .isInstanceOf(DataException.class).hasMessageContaining(Topics.CALL_SUMMARIES);
    }

    private Struct read(String topic, SpecificRecord record) {
        SchemaAndValue data = converter.toConnectData(topic, serializer.serialize(topic, record));
        Struct struct = (Struct) data.value();
        struct.validate();
        return struct;
    }
}

package io.callstream.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.schemas.SampleRecords;
import io.callstream.schemas.Topics;
import io.callstream.schemas.registry.CachedSchemaRegistryClient;
import io.callstream.schemas.registry.RegistryConfig;
import io.callstream.schemas.registry.RestSchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.registry.SchemaRegistryException;
import io.callstream.schemas.serde.AvroDeserializer;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.schemas.serde.AvroSerdeConfig;
import io.callstream.schemas.serde.AvroSerializer;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Our serializer → a real Kafka broker → our deserializer, with schemas in a real Apicurio registry. */
class RegistryRoundTripIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    private Map<String, Object> serdeProps() {
        return Map.of(RegistryConfig.URL, REGISTRY.url());
    }

    @Test
    void shouldRoundTripEveryRecordTypeThroughBrokerAndRegistry() {
        assertThat(roundTrip(CallEvent.class, "rt-call-events", SampleRecords.callEvent("c1")))
                .isEqualTo(SampleRecords.callEvent("c1"));
        assertThat(roundTrip(CallSummary.class, "rt-call-summaries", SampleRecords.callSummary("c1")))
                .isEqualTo(SampleRecords.callSummary("c1"));
        assertThat(roundTrip(MissedCallAlert.class, "rt-missed-call-alerts", SampleRecords.missedCallAlert("c1")))
                .isEqualTo(SampleRecords.missedCallAlert("c1"));
    }

    @Test
    void shouldResolveWireIdThroughConfluentApiOfRegistry() throws Exception {
        byte[] bytes = AvroSerde.of(CallEvent.class, serdeProps()).serializer()
                .serialize("wire-call-events", SampleRecords.callEvent("c1"));
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();

        HttpResponse<String> bySchemaId = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(REGISTRY.url() + "/schemas/ids/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> latest = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(REGISTRY.url() + "/subjects/wire-call-events-value/versions/latest"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(bytes[0]).isZero();
        assertThat(bySchemaId.statusCode()).isEqualTo(200);
        assertThat(bySchemaId.body()).contains("CallEvent").contains("eventId");
        assertThat(latest.body()).contains("\"id\":" + id);
    }

    @Test
    void shouldDecodeWhenWriterAndReaderUseDifferentCompatibleVersions() {
        String topic = "evolving-call-events";
        CallEvent v1Event = SampleRecords.callEvent("old");
        produce(topic, new AvroSerializer<>(client(), AvroSerdeConfig.from(Map.of()), false), "old", v1Event);
        GenericRecord v2Event = SampleRecords.asEvolved(SampleRecords.callEvent("new"));
        v2Event.put("tenant", "acme");
        produce(topic, new AvroSerializer<GenericRecord>(client(), AvroSerdeConfig.from(Map.of()), false), "new", v2Event);

        List<CallEvent> byV1Reader = consume(topic, new AvroDeserializer<CallEvent>(client(), CallEvent.class), 2);
        List<GenericRecord> byV2Reader = consume(topic,
                new AvroDeserializer<GenericRecord>(client(), SampleRecords.evolvedCallEventSchema()), 2);

        assertThat(byV1Reader).containsExactly(v1Event, SampleRecords.callEvent("new"));
        assertThat(byV2Reader).extracting(r -> r.get("tenant") == null ? null : r.get("tenant").toString())
                .containsExactly(null, "acme");
        assertThat(byV2Reader).extracting(r -> r.get("callId").toString()).containsExactly("old", "new");
    }

    @Test
    void shouldDecodeAcrossTheCallbackFamiliesEvolutionWhenOldAndNewSchemasShareTheTopic() {
        String topic = "families-call-events";
        Schema r1 = SampleRecords.callEventSchemaR1();
        client().register(topic + "-value", r1);
        GenericRecord oldRecord = SampleRecords.asSchema(SampleRecords.callEvent("old"), r1);
        produce(topic, new AvroSerializer<GenericRecord>(client(), AvroSerdeConfig.from(Map.of()), false), "old", oldRecord);
        CallEvent newRecord = SampleRecords.v4CallEvent("new");
        produce(topic, new AvroSerializer<CallEvent>(client(), AvroSerdeConfig.from(Map.of()), false), "new", newRecord);

        List<GenericRecord> byOldReader = consume(topic, new AvroDeserializer<GenericRecord>(client(), r1), 2);
        List<CallEvent> byNewReader = consume(topic, new AvroDeserializer<CallEvent>(client(), CallEvent.class), 2);

        assertThat(client().latest(topic + "-value").version()).isEqualTo(2);
        assertThat(byOldReader).containsExactly(oldRecord, SampleRecords.asSchema(newRecord, r1));
        assertThat(byNewReader).containsExactly(SampleRecords.callEvent("old"), newRecord);
        assertThat(byNewReader.get(0).getFamily()).isNull();
    }

    @Test
    void shouldRefuseIncompatibleSchemaWithClearError() {
        SchemaRegistryClient client = client();
        client.register("strict-value", CallEvent.getClassSchema());
        Schema breaking = SampleRecords.incompatibleCallEventSchema();

        assertThatThrownBy(() -> client.register("strict-value", breaking))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.isIncompatible()).isTrue();
                });
        GenericRecord record = new org.apache.avro.generic.GenericData.Record(breaking);
        assertThatThrownBy(() -> new AvroSerializer<GenericRecord>(client, AvroSerdeConfig.from(Map.of()), false)
                .serialize("strict", record))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("strict-value")
                .hasMessageContaining("409");
    }

    @Test
    void shouldMakeNoRegistryCallPerRecordWhenWarm() {
        var writerSide = new CountingRegistryClient(new RestSchemaRegistryClient(RegistryConfig.of(REGISTRY.url())));
        var readerSide = new CountingRegistryClient(new RestSchemaRegistryClient(RegistryConfig.of(REGISTRY.url())));
        var serializer = new AvroSerializer<CallEvent>(new CachedSchemaRegistryClient(writerSide),
                AvroSerdeConfig.from(Map.of()), false);
        var deserializer = new AvroDeserializer<CallEvent>(new CachedSchemaRegistryClient(readerSide), CallEvent.class);

        for (int i = 0; i < 1_000; i++) {
            byte[] bytes = serializer.serialize("steady-call-events", SampleRecords.callEvent("c" + i));
            assertThat(deserializer.deserialize("steady-call-events", bytes).getCallId()).isEqualTo("c" + i);
        }

        assertThat(writerSide.calls.get()).isEqualTo(1);
        assertThat(readerSide.calls.get()).isEqualTo(1);
    }

    @Test
    void shouldFindIdWithoutRegisteringWhenAutoRegisterIsOff() {
        SchemaRegistryClient client = client();
        int registered = client.register("deployed-value", CallSummary.getClassSchema());
        var serializer = new AvroSerializer<CallSummary>(SchemaRegistryClients.create(serdeProps()),
                new AvroSerdeConfig(false, false, null), false);

        byte[] bytes = serializer.serialize("deployed", SampleRecords.callSummary("c1"));

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registered);
    }

    private SchemaRegistryClient client() {
        return SchemaRegistryClients.create(serdeProps());
    }

    private <T extends SpecificRecord> T roundTrip(Class<T> type, String topic, T record) {
        produce(topic, AvroSerde.of(type, serdeProps()).serializer(), "k", record);
        // an independent reader: its own client and caches
        return consume(topic, AvroSerde.of(type, serdeProps()).deserializer(), 1).get(0);
    }

    private <T> void produce(String topic, Serializer<T> serializer, String key, T value) {
        try (var producer = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
    }

    private <T> List<T> consume(String topic, Deserializer<T> deserializer, int expected) {
        List<T> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(KAFKA.consumerProps("it-" + topic + "-" + System.nanoTime()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(deserializer.deserialize(topic, r.value()));
                }
            }
        }
        return out;
    }
}

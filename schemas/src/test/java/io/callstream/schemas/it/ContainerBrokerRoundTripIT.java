package io.callstream.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.schemas.SampleRecords;
import io.callstream.schemas.registry.InMemorySchemaRegistry;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.ContainerStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The broker round trip against Apache Kafka in a container, for machines with Docker. Skipped
 * (reported as skipped, build passes) where no Docker engine runs; the in-JVM broker ITs cover it there.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerRoundTripIT {

    private static final String SCOPE = "container-it";

    @Container
    static final KafkaContainer KAFKA = ContainerStack.kafka();

    @AfterAll
    static void dropRegistry() {
        InMemorySchemaRegistry.drop(SCOPE);
    }

    @Test
    void shouldRoundTripCallEventThroughContainerBroker() throws Exception {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", "mock://" + SCOPE));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>("tc-call-events", "c1", SampleRecords.callEvent("c1"))).get();
        }

        List<CallEvent> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "tc-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), serde.deserializer())) {
            consumer.subscribe(List.of("tc-call-events"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (read.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
            }
        }

        assertThat(read).containsExactly(SampleRecords.callEvent("c1"));
    }
}

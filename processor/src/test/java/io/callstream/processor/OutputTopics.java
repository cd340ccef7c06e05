package io.callstream.processor;

import io.callstream.avro.CallSummary;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.MissedCallAlert;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** An independent read_committed reader of the output topics, reading each topic up to its last stable offset. */
final class OutputTopics {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutputTopics.class);

    private final Map<String, Object> consumerProps;
    private final SchemaRegistryClient registry;

    OutputTopics(Map<String, Object> consumerProps, SchemaRegistryClient registry) {
        this.consumerProps = new HashMap<>(consumerProps);
        this.consumerProps.put("isolation.level", "read_committed");
        this.registry = registry;
    }

    List<ConsumerRecord<String, CallSummary>> summaries(String topic) {
        return readAll(topic, new AvroDeserializer<>(registry, CallSummary.class));
    }

    List<ConsumerRecord<String, MissedCallAlert>> alerts(String topic) {
        return readAll(topic, new AvroDeserializer<>(registry, MissedCallAlert.class));
    }

    List<ConsumerRecord<String, DeadLetter>> deadLetters(String topic) {
        return readAll(topic, new AvroDeserializer<>(registry, DeadLetter.class));
    }

    List<ConsumerRecord<String, byte[]>> raw(String topic) {
        return readAll(topic, new ByteArrayDeserializer());
    }

    /** Every committed record of {@code topic}: reads until the position reaches the last stable offset. */
    <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(consumerProps, new StringDeserializer(), values)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<String, V>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end);
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            LOG.info("read {} records of {} up to {}: {}", out.size(), topic, end,
                    out.stream().map(r -> r.key() + "@" + r.offset()).toList());
            return out;
        }
    }
}

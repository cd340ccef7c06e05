package io.callstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaBrokerIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void shouldKeepRecordsAndPortWhenRestarted() throws Exception {
        KAFKA.createTopics(1, "restart-topic");
        produce("restart-topic", "k1", "before");
        String before = KAFKA.bootstrapServers();

        KAFKA.broker().stop();
        KAFKA.broker().start();
        produce("restart-topic", "k2", "after");

        assertThat(KAFKA.bootstrapServers()).isEqualTo(before);
        assertThat(readAll("restart-topic", 2)).containsExactly("before", "after");
    }

    @Test
    void shouldCommitTransactionsOnOneBroker() throws Exception {
        Map<String, Object> props = KAFKA.producerProps();
        props.put("transactional.id", "tx-test");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-topic", "k", "committed"));
            producer.commitTransaction();
        }
        assertThat(readAll("tx-topic", 1)).containsExactly("committed");
    }

    private void produce(String topic, String key, String value) throws Exception {
        try (var producer = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private List<String> readAll(String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(KAFKA.consumerProps("reader-" + topic),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}

package io.callstream.processor;

import static io.callstream.avro.CallEventType.CALL_MISSED;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.processor.records.RecordsTopology;
import io.callstream.processor.topology.CallTopology;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bound on RocksDB memory on a real broker: every store of the running processor (sessions, timers,
 * tombstone segments, records, records index) reports the configured shared block cache's capacity in the
 * Kafka Streams metrics the processor exports, instead of Kafka Streams' 50 MiB per store.
 */
class RocksDbMemoryIT {

    @TempDir
    Path tmp;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    @Test
    void shouldReportTheConfiguredSharedCacheForEveryStoreWhenTheProcessorRuns() throws Exception {
        ItTopics n = new ItTopics();
        KAFKA.createTopics(2, n.events);
        KAFKA.createTopics(1, n.dlq, n.summaries, n.alerts, n.participants);
        Map<String, String> config = n.config("rocksdb-it-", KAFKA.bootstrapServers(), REGISTRY.url(),
                Files.createTempDirectory(tmp, "rocksdb-it-"));
        config.put("rocksdb.memory.total", "48MiB");
        long configured = 48L << 20;
        try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.of(config))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
            produce(n.events, List.of(caller("rdb-1", "alice", START_CALL, 0), callee("rdb-1", "bob", RECEIVE_CALL, 1),
                    callee("rdb-1", "bob", NOT_ANSWER_CALL, 30), caller("rdb-1", "alice", CALL_MISSED, 30)));
            await().atMost(Duration.ofSeconds(60)).until(() -> new OutputTopics(
                    KAFKA.consumerProps("reader-" + UUID.randomUUID()),
                    SchemaRegistryClients.create(Map.of("schema.registry.url", REGISTRY.url())))
                    .summaries(n.summaries).size() == 1);

            Map<String, Long> capacities = new java.util.TreeMap<>();
            app.streamsMetrics().forEach((name, metric) -> {
                if (name.name().equals("block-cache-capacity")) {
                    name.tags().forEach((tag, value) -> {
                        if (tag.startsWith("rocksdb-") && tag.endsWith("-state-id")) {
                            capacities.merge(value, ((Number) metric.metricValue()).longValue(), Math::max);
                        }
                    });
                }
            });
            assertThat(capacities).as("block cache capacity per store").containsEntry(CallTopology.SESSION_STORE, configured)
                    .containsEntry(CallTopology.TIMER_STORE, configured)
                    .containsEntry(RecordsTopology.RECORDS_STORE, configured)
                    .containsEntry(RecordsTopology.INDEX_STORE, configured);
            // the tombstone store reports 0 while it has no segment (no session deleted yet), else the same cache
            assertThat(capacities.get(CallTopology.TOMBSTONE_STORE)).isIn(0L, configured);
        }
    }

    private static void produce(String topic, List<CallEvent> events) {
        try (KafkaProducer<String, CallEvent> p = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(),
                AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", REGISTRY.url())).serializer())) {
            for (CallEvent e : events) {
                p.send(new ProducerRecord<>(topic, e.getCallId(), e));
            }
            p.flush();
        }
    }
}

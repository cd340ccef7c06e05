package io.callstream.deploy.tail;

import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints output topics (by default call-summaries and missed-call-alerts) as JSON lines, values
 * decoded through the schema registry into generic records, so whatever schema version wrote them
 * shows. Reads committed records only, without a consumer group (it commits nothing). A record
 * that cannot be decoded prints an error line and is skipped.
 */
public final class Tail {

    /**
     * @param fromBeginning read each topic from its start, else only new records
     * @param max           stop after this many records (0: no limit)
     * @param idleTimeout   stop when nothing arrived for this long (null: never)
     */
    public record Options(String bootstrapServers, String registryUrl, List<String> topics, boolean fromBeginning,
                          long max, Duration idleTimeout, Map<String, ?> clientProperties,
                          Map<String, ?> registryProperties) {

        public Options(String bootstrapServers, String registryUrl, List<String> topics, boolean fromBeginning,
                       long max, Duration idleTimeout) {
            this(bootstrapServers, registryUrl, topics, fromBeginning, max, idleTimeout, Map.of(), Map.of());
        }

        /** The registry client's settings: the URL plus credentials and TLS. */
        Map<String, Object> registryClient() {
            Map<String, Object> p = new HashMap<>(registryProperties);
            p.put("schema.registry.url", registryUrl);
            return p;
        }
    }

    private final Options options;

    public Tail(Options options) {
        this.options = options;
    }

    /** Prints until {@code max} records, the idle timeout, or {@code stop} says so; returns the count printed. */
    public long run(Consumer<String> out, BooleanSupplier stop) {
        Map<String, Object> cfg = new HashMap<>(options.clientProperties());
        cfg.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroDeserializer<Object> values = new AvroDeserializer<>(
                SchemaRegistryClients.create(options.registryClient()),
                (Class<? extends SpecificRecord>) null);
        long printed = 0;
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(cfg, new StringDeserializer(), values)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String topic : options.topics()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(parts);
            if (options.fromBeginning()) {
                consumer.seekToBeginning(parts);
            } else {
                consumer.seekToEnd(parts);
            }
            long lastRecord = System.nanoTime();
            while (!stop.getAsBoolean() && (options.max() <= 0 || printed < options.max())) {
                if (options.idleTimeout() != null && System.nanoTime() - lastRecord > options.idleTimeout().toNanos()) {
                    break;
                }
                try {
                    for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
                        out.accept(RecordJson.line(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
                        lastRecord = System.nanoTime();
                        if (++printed == options.max()) {
                            break;
                        }
                    }
                } catch (RecordDeserializationException e) {
                    TopicPartition tp = e.topicPartition();
                    out.accept(RecordJson.error(tp.topic(), tp.partition(), e.offset(), e.getCause() == null ? String.valueOf(e.getMessage()) : e.getCause().getMessage()));
                    consumer.seek(tp, e.offset() + 1);
                    printed++;
                }
            }
        }
        return printed;
    }
}

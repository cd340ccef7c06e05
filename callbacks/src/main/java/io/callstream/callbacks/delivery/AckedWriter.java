package io.callstream.callbacks.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes string records (acks=all, idempotent) and completes only once the broker acknowledged them; a
 * failed write is tried again every 5 s until it succeeds or the writer is closed. {@code send()} runs on
 * the scheduler (it may block for metadata), never on an HTTP thread. Used for the dead letters and the
 * retry topic.
 */
final class AckedWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AckedWriter.class);

    private final Producer<String, String> producer;
    private final ScheduledExecutorService scheduler;
    private volatile boolean running = true;

    AckedWriter(Map<String, Object> kafka, ScheduledExecutorService scheduler) {
        this(new KafkaProducer<>(props(kafka), new StringSerializer(), new StringSerializer()), scheduler);
    }

    AckedWriter(Producer<String, String> producer, ScheduledExecutorService scheduler) {
        this.producer = producer;
        this.scheduler = scheduler;
    }

    private static Map<String, Object> props(Map<String, Object> kafka) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return p;
    }

    CompletableFuture<RecordMetadata> write(String topic, String key, String value) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        send(new ProducerRecord<>(topic, key, value), done);
        return done;
    }

    private void send(ProducerRecord<String, String> record, CompletableFuture<RecordMetadata> done) {
        try {
            scheduler.execute(() -> {
                try {
                    producer.send(record, (md, ex) -> {
                        if (ex == null) {
                            done.complete(md);
                        } else {
                            retryLater(record, done, ex);
                        }
                    });
                } catch (RuntimeException ex) {
                    retryLater(record, done, ex);
                }
            });
        } catch (RuntimeException rejected) {
            done.completeExceptionally(rejected);
        }
    }

    private void retryLater(ProducerRecord<String, String> record, CompletableFuture<RecordMetadata> done, Throwable ex) {
        if (!running) {
            done.completeExceptionally(ex);
            return;
        }
        LOG.warn("write to {} (key {}) failed, retrying in 5 s: {}", record.topic(), record.key(), ex.toString());
        try {
            scheduler.schedule(() -> send(record, done), 5, TimeUnit.SECONDS);
        } catch (RuntimeException rejected) {
            done.completeExceptionally(ex);
        }
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }
}

package io.callstream.ingest.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records with one shared producer from a dedicated sender thread, so that
 * {@code KafkaProducer.send} (which can block for {@code max.block.ms} on metadata or a full buffer)
 * never runs on an event loop. The returned future completes on the caller's Vert.x context once
 * the broker acknowledged the record (or the send failed).
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final AtomicBoolean NEVER = new AtomicBoolean(false);

    private final Producer<String, byte[]> producer;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "callstream-ingest-sender");
        t.setDaemon(true);
        return t;
    });

    public EventPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** Sends the record; never blocks the caller. */
    public Future<RecordMetadata> send(Context ctx, ProducerRecord<String, byte[]> record) {
        return send(ctx, record, NEVER);
    }

    /**
     * Sends the record unless {@code abandoned} is set by the time the sender thread gets to it (the
     * request was already answered 503, so nobody waits for this write).
     */
    public Future<RecordMetadata> send(Context ctx, ProducerRecord<String, byte[]> record, AtomicBoolean abandoned) {
        Promise<RecordMetadata> promise = Promise.promise();
        try {
            sender.execute(() -> {
                if (abandoned.get()) {
                    ctx.runOnContext(v -> promise.tryFail("abandoned: the request was already answered"));
                    return;
                }
                try {
                    producer.send(record, (metadata, error) -> ctx.runOnContext(v -> {
                        if (error == null) {
                            promise.tryComplete(metadata);
                        } else {
                            promise.tryFail(error);
                        }
                    }));
                } catch (RuntimeException e) {
                    ctx.runOnContext(v -> promise.tryFail(e));
                }
            });
        } catch (RejectedExecutionException e) {
            promise.tryFail("ingest is shutting down");
        }
        return promise.future();
    }

    /** Sends what is queued, flushes the producer and closes it, within the timeout. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        sender.shutdown();
        try {
            if (!sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Kafka sender did not drain within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // close(timeout) flushes: it waits for the records in flight, bounded by the rest of the timeout.
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
}

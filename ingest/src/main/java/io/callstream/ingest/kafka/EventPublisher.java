package io.callstream.ingest.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>With {@code direct} on, a record is sent on the caller's thread instead when {@code send} cannot
 * block there: the topic had an acknowledged write within {@link #FRESH_NANOS} (its metadata is in the
 * producer, so {@code send} does not wait for it), the producer memory this publisher's unacknowledged
 * records can hold stays below half of {@code buffer.memory} (so {@code send} does not wait for
 * memory; each record is charged a whole batch, {@code batch.size}, or its size when larger), and no
 * record waits for the sender thread (so the order of writes from one thread is kept). Otherwise the
 * sender thread sends it as before. This saves the hand-off and the sender thread's wake-up per request.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final AtomicBoolean NEVER = new AtomicBoolean(false);

    /** A topic acknowledged within this long has its metadata in the producer (which drops it after 5 minutes idle). */
    static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** What a record costs beyond its key and value in the producer's memory, for the charge. */
    private static final int RECORD_OVERHEAD = 1_024;

    private final Producer<String, byte[]> producer;
    private final boolean direct;
    private final long memoryBound;
    private final long batchBytes;
    private final AtomicLong charged = new AtomicLong();
    private final AtomicInteger queued = new AtomicInteger();
    private final Map<String, Long> lastAck = new ConcurrentHashMap<>();
    private final AtomicLong directSends = new AtomicLong();
    private volatile boolean closing;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "callstream-ingest-sender");
        t.setDaemon(true);
        return t;
    });

    /** Every record through the sender thread. */
    public EventPublisher(Producer<String, byte[]> producer) {
        this(producer, false, 32L * 1024 * 1024, 16_384);
    }

    /**
     * @param direct      send on the caller's thread when that cannot block (see the class comment)
     * @param bufferBytes the producer's {@code buffer.memory}
     * @param batchBytes  the producer's {@code batch.size}
     */
    public EventPublisher(Producer<String, byte[]> producer, boolean direct, long bufferBytes, int batchBytes) {
        this.producer = producer;
        this.direct = direct;
        this.memoryBound = bufferBytes / 2;
        this.batchBytes = Math.max(1, batchBytes);
    }

    /** Records sent on the caller's thread so far (the rest went through the sender thread). */
    public long directSends() {
        return directSends.get();
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
        long charge = charge(record);
        if (direct && !closing && queued.get() == 0 && fresh(record.topic())) {
            if (charged.addAndGet(charge) <= memoryBound) {
                directSends.incrementAndGet();
                produce(ctx, record, promise, charge);
                return promise.future();
            }
            charged.addAndGet(-charge); // over the bound: the sender thread sends it, and may wait for memory there
        }
        try {
            queued.incrementAndGet();
            sender.execute(() -> {
                queued.decrementAndGet();
                if (abandoned.get()) {
                    ctx.runOnContext(v -> promise.tryFail("abandoned: the request was already answered"));
                    return;
                }
                charged.addAndGet(charge);
                produce(ctx, record, promise, charge);
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            promise.tryFail("ingest is shutting down");
        }
        return promise.future();
    }

    /** {@code producer.send}, the answer on {@code ctx}; {@code charge} is already counted and is released at the end. */
    private void produce(Context ctx, ProducerRecord<String, byte[]> record, Promise<RecordMetadata> promise, long charge) {
        AtomicBoolean released = new AtomicBoolean();
        try {
            producer.send(record, (metadata, error) -> {
                if (released.compareAndSet(false, true)) {
                    charged.addAndGet(-charge);
                }
                if (error == null) {
                    lastAck.put(record.topic(), System.nanoTime());
                }
                ctx.runOnContext(v -> {
                    if (error == null) {
                        promise.tryComplete(metadata);
                    } else {
                        promise.tryFail(error);
                    }
                });
            });
        } catch (RuntimeException e) {
            if (released.compareAndSet(false, true)) {
                charged.addAndGet(-charge);
            }
            ctx.runOnContext(v -> promise.tryFail(e));
        }
    }

    /** The producer memory a record may hold: a whole batch, or its own size when larger. */
    private long charge(ProducerRecord<String, byte[]> record) {
        long size = RECORD_OVERHEAD + (record.key() == null ? 0 : 4L * record.key().length())
                + (record.value() == null ? 0 : record.value().length);
        return Math.max(batchBytes, size);
    }

    /** The topic had an acknowledged write recently enough that the producer still has its metadata. */
    private boolean fresh(String topic) {
        Long at = lastAck.get(topic);
        return at != null && System.nanoTime() - at < FRESH_NANOS;
    }

    /** Sends what is queued, flushes the producer and closes it, within the timeout. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        closing = true;
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

package io.callstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where {@link EventPublisher} calls {@code send}: the sender thread, or the caller's when that cannot block. */
class EventPublisherTest {

    private static final int BATCH = 16_384;

    private final Vertx vertx = Vertx.vertx();
    private final List<String> sendThreads = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A MockProducer that notes which thread called {@code send}. */
    private MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<RecordMetadata> send(ProducerRecord<String, byte[]> record,
                                                                               Callback callback) {
                sendThreads.add(Thread.currentThread().getName());
                return super.send(record, callback);
            }
        };
    }

    private static ProducerRecord<String, byte[]> record(String key) {
        return new ProducerRecord<>("call-events", key, new byte[200]);
    }

    private static RecordMetadata await(Future<RecordMetadata> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldSendOnTheCallersThreadWhenTheTopicWasAcknowledgedAndMemoryIsFree() throws Exception {
        EventPublisher publisher = new EventPublisher(producer(true), true, 32L * 1024 * 1024, BATCH);
        Context ctx = vertx.getOrCreateContext();

        await(publisher.send(ctx, record("call-1")));
        await(publisher.send(ctx, record("call-2")));

        assertThat(sendThreads).containsExactly("callstream-ingest-sender", Thread.currentThread().getName());
        assertThat(publisher.directSends()).isEqualTo(1);
        publisher.close(Duration.ofSeconds(5));
    }

    @Test
    void shouldSendOnTheSenderThreadWhenTheTopicHasNoAcknowledgedWriteYet() throws Exception {
        EventPublisher publisher = new EventPublisher(producer(true), true, 32L * 1024 * 1024, BATCH);

        RecordMetadata written = await(publisher.send(vertx.getOrCreateContext(), record("call-1")));

        assertThat(written.topic()).isEqualTo("call-events");
        assertThat(sendThreads).containsExactly("callstream-ingest-sender");
        assertThat(publisher.directSends()).isZero();
        publisher.close(Duration.ofSeconds(5));
    }

    @Test
    void shouldSendOnTheSenderThreadWhenUnacknowledgedRecordsWouldHoldHalfTheBuffer() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        // buffer of 4 batches: records charged a batch each may hold 2 of them
        EventPublisher publisher = new EventPublisher(producer, true, 4L * BATCH, BATCH);
        Context ctx = vertx.getOrCreateContext();
        Future<RecordMetadata> first = publisher.send(ctx, record("call-0"));
        awaitSends(1);
        producer.completeNext();
        await(first);

        List<Future<RecordMetadata>> pending = List.of(publisher.send(ctx, record("call-1")),
                publisher.send(ctx, record("call-2")), publisher.send(ctx, record("call-3")));
        awaitSends(4);

        assertThat(sendThreads.subList(1, 4)).containsExactly(Thread.currentThread().getName(),
                Thread.currentThread().getName(), "callstream-ingest-sender");
        assertThat(publisher.directSends()).isEqualTo(2);
        while (producer.completeNext()) {
            // acknowledge the rest
        }
        for (Future<RecordMetadata> f : pending) {
            assertThat(await(f).topic()).isEqualTo("call-events");
        }
        publisher.close(Duration.ofSeconds(5));
    }

    @Test
    void shouldAlwaysSendOnTheSenderThreadWhenDirectSendingIsOff() throws Exception {
        EventPublisher publisher = new EventPublisher(producer(true));
        Context ctx = vertx.getOrCreateContext();

        for (int i = 0; i < 3; i++) {
            await(publisher.send(ctx, record("call-" + i)));
        }

        assertThat(sendThreads).containsOnly("callstream-ingest-sender").hasSize(3);
        assertThat(publisher.directSends()).isZero();
        publisher.close(Duration.ofSeconds(5));
    }

    @Test
    void shouldFailTheWriteWhenTheDirectSendIsRefusedByTheBroker() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        EventPublisher publisher = new EventPublisher(producer, true, 32L * 1024 * 1024, BATCH);
        Context ctx = vertx.getOrCreateContext();
        Future<RecordMetadata> first = publisher.send(ctx, record("call-0"));
        awaitSends(1);
        producer.completeNext();
        await(first);

        Future<RecordMetadata> second = publisher.send(ctx, record("call-1"));
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("no ack"));

        assertThat(second.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(10));
        assertThat(publisher.directSends()).isEqualTo(1);
        publisher.close(Duration.ofSeconds(5));
    }

    private void awaitSends(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sendThreads.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sendThreads).hasSizeGreaterThanOrEqualTo(n);
    }
}

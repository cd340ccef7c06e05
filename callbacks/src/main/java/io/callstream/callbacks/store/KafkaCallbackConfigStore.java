package io.callstream.callbacks.store;

import io.callstream.schemas.TopicReplication;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CallbackConfigStore} on the compacted topic {@code callback-config} (key: SDKAppID as text,
 * value: {@link AppCallbackConfig} JSON, tombstone when deleted). A reader thread consumes the topic
 * from the beginning (no consumer group) into the in-memory view, so every instance sees the same
 * configuration and it survives restarts; a write waits for the broker's ack (acks=all) and then
 * updates the view. Created read-only for the delivery service.
 */
public final class KafkaCallbackConfigStore implements CallbackConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCallbackConfigStore.class);

    private final String topic;
    private final Map<Long, Entry> view = new ConcurrentHashMap<>();
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<AppCallbackConfig>> chains = new ConcurrentHashMap<>();
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "callback-config-writer"));
    private final ExecutorService waiters = Executors.newCachedThreadPool(r -> daemon(r, "callback-config-catchup"));
    private final Thread reader;
    private final Duration writeTimeout;
    private volatile boolean running = true;

    private record Entry(long offset, AppCallbackConfig config) {
    }

    private KafkaCallbackConfigStore(Map<String, Object> kafka, String topic, boolean writable, Duration writeTimeout) {
        this.topic = topic;
        this.writeTimeout = writeTimeout;
        this.admin = Admin.create(kafka);
        ensureTopic();
        this.producer = writable ? new KafkaProducer<>(producerProps(kafka, writeTimeout), new StringSerializer(), new ByteArraySerializer()) : null;
        Map<String, Object> c = new HashMap<>(kafka);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::readLoop, "callback-config-reader");
        this.reader.setDaemon(true);
    }

    /** A store that reads and writes; {@code kafka} are client properties (bootstrap.servers, ...). */
    public static KafkaCallbackConfigStore writable(Map<String, Object> kafka, String topic, Duration writeTimeout) {
        KafkaCallbackConfigStore s = new KafkaCallbackConfigStore(kafka, topic, true, writeTimeout);
        s.reader.start();
        return s;
    }

    /** A store that only reads the topic (the delivery service). */
    public static KafkaCallbackConfigStore readOnly(Map<String, Object> kafka, String topic) {
        KafkaCallbackConfigStore s = new KafkaCallbackConfigStore(kafka, topic, false, Duration.ofSeconds(10));
        s.reader.start();
        return s;
    }

    @Override
    public Optional<AppCallbackConfig> get(long sdkAppId) {
        return Optional.ofNullable(view.get(sdkAppId)).map(Entry::config).filter(c -> !c.isEmpty());
    }

    @Override
    public CompletableFuture<AppCallbackConfig> update(long sdkAppId, UnaryOperator<AppCallbackConfig> change) {
        if (producer == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("read-only store"));
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<AppCallbackConfig>[] next = new CompletableFuture[1];
        chains.compute(sdkAppId, (k, prev) -> {
            CompletableFuture<AppCallbackConfig> start = prev == null ? CompletableFuture.completedFuture(null) : prev;
            next[0] = start.handleAsync((x, e) -> write(sdkAppId, change), writer).thenCompose(f -> f);
            return next[0];
        });
        // registered outside compute(): a future that is already complete runs the callback in this thread
        next[0].whenComplete((v, e) -> chains.remove(sdkAppId, next[0]));
        return next[0];
    }

    private CompletableFuture<AppCallbackConfig> write(long sdkAppId, UnaryOperator<AppCallbackConfig> change) {
        AppCallbackConfig current = get(sdkAppId).orElse(AppCallbackConfig.empty(sdkAppId));
        AppCallbackConfig next;
        try {
            next = change.apply(current);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<AppCallbackConfig> acked = new CompletableFuture<>();
        byte[] value = next.isEmpty() ? null : next.toJson();
        producer.send(new ProducerRecord<>(topic, Long.toString(sdkAppId), value), (md, ex) -> {
            if (ex != null) {
                LOG.warn("callback configuration of SDKAppID {} not written: {}", sdkAppId, ex.toString());
                acked.completeExceptionally(ex);
                return;
            }
            apply(sdkAppId, md.offset(), next.isEmpty() ? null : next);
            LOG.info("callback configuration of SDKAppID {} written at offset {}: {}", sdkAppId, md.offset(),
                    next.isEmpty() ? "deleted" : "legacy=" + next.legacy().isPresent() + " v4=" + next.v4().isPresent());
            acked.complete(next);
        });
        return acked.orTimeout(writeTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    /** Applies a record (a deletion is kept as an empty entry) unless the view already holds a newer one for the key (a write acked before the reader got there). */
    private void apply(long sdkAppId, long offset, AppCallbackConfig config) {
        view.compute(sdkAppId, (k, old) -> {
            if (old != null && old.offset() > offset) {
                return old;
            }
            return new Entry(offset, config == null ? AppCallbackConfig.empty(sdkAppId) : config);
        });
    }

    @Override
    public CompletableFuture<Void> catchUp(Duration timeout) {
        return CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<Integer, Long> targets = endOffsets(deadline);
            while (targets.entrySet().stream().anyMatch(t -> positions.getOrDefault(t.getKey(), 0L) < t.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(new TimeoutException("callback configuration not read within " + timeout));
                }
                synchronized (positions) {
                    try {
                        positions.wait(50); // the reader thread owns the consumer and notifies after each poll
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
        }, waiters);
    }

    /**
     * The topic's end offsets; retries retriable errors until {@code deadline} (System.nanoTime), since
     * a topic this store just created may not be hosted by its leader yet ({@code UnknownTopicOrPartition}).
     */
    private Map<Integer, Long> endOffsets(long deadline) {
        while (true) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                Set<Integer> parts = admin.describeTopics(List.of(topic)).allTopicNames().get(left, TimeUnit.MILLISECONDS)
                        .get(topic).partitions().stream().map(p -> p.partition()).collect(Collectors.toSet());
                Map<TopicPartition, OffsetSpec> req = parts.stream()
                        .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
                return admin.listOffsets(req).all().get(left, TimeUnit.MILLISECONDS).entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getCause(), e.getCause());
                }
                LOG.debug("end offsets of {} not available yet, retrying: {}", topic, e.getCause().toString());
                pause(100);
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot read the end offsets of " + topic + " in time", e);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // backoff between two metadata requests, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void readLoop() {
        try {
            List<TopicPartition> parts = List.of();
            while (running && parts.isEmpty()) {
                parts = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    applyRecord(r);
                }
                for (TopicPartition tp : parts) {
                    positions.put(tp.partition(), consumer.position(tp));
                }
                synchronized (positions) {
                    positions.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("callback configuration reader stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void applyRecord(ConsumerRecord<String, byte[]> r) {
        long sdkAppId;
        try {
            sdkAppId = Long.parseLong(r.key());
        } catch (NumberFormatException | NullPointerException e) {
            LOG.warn("ignoring callback configuration record with key '{}' at offset {}", r.key(), r.offset());
            return;
        }
        try {
            AppCallbackConfig config = r.value() == null ? null : AppCallbackConfig.fromJson(r.value());
            if (config != null && !config.problems().isEmpty()) {
                LOG.error("stored callback configuration of SDKAppID {} at offset {} is not usable ({}): its callbacks are"
                        + " dead-lettered until an administrator sets it again", sdkAppId, r.offset(), config.problems());
            }
            apply(sdkAppId, r.offset(), config);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring unreadable callback configuration of SDKAppID {} at offset {}", sdkAppId, r.offset());
        }
    }

    private void ensureTopic() {
        try {
            NewTopic t = TopicReplication.newTopic(admin, topic, Optional.of(1),
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
            LOG.info("created compacted topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic + " within 30 s", e);
        }
    }

    private static Map<String, Object> producerProps(Map<String, Object> kafka, Duration writeTimeout) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int ms = (int) writeTimeout.toMillis();
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, ms / 2));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(ms, Math.max(1000, ms / 2) + 100));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
        return p;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.shutdown();
        waiters.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        admin.close(Duration.ofSeconds(5));
    }
}

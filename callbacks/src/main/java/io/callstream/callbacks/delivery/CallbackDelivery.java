package io.callstream.callbacks.delivery;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.callbacks.AddressPolicy;
import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.store.CallbackConfigStore;
import io.callstream.callbacks.store.KafkaCallbackConfigStore;
import io.callstream.schemas.serde.AvroSerde;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery service: consumes {@code call-events} (Avro CallEvent), {@code call-summaries} (Avro
 * CallSummary, for the v4 end call) and the retry topic {@code callback-deliveries-retry} (parked callbacks)
 * in the consumer group {@code callbacks.consumer.group}, hands each record to the {@link DeliveryEngine}
 * (the retry topic through the {@link RetryFeed}), and commits an offset only when it and every earlier
 * offset of its partition is fully handled. A callback whose first attempt fails is parked on the retry
 * topic, which is what lets the offsets of the other topics move on. A summary waits at the
 * {@link SummaryGate} until the call's events are submitted. {@code call-events} and {@code call-summaries}
 * are paused while {@code callbacks.max.pending.events} of their records are in flight, the retry topic
 * while {@code callbacks.max.parked} parked callbacks are held. A record that cannot be handled (it does not
 * decode, the stored configuration it meets does not parse, anything thrown) is dead-lettered with the
 * reason and counted; the loop goes on. On a rebalance the revoked partitions are fenced (no new attempt
 * starts) and their work in flight awaited before their offsets are committed.
 * Reads {@code callback-config}, writes {@code callback-deliveries-dlq} and {@code callback-deliveries-retry}.
 */
public final class CallbackDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDelivery.class);

    private final CallbacksConfig config;
    private final CallbackConfigStore store;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final AckedWriter writer;
    private final DeadLetterWriter deadLetters;
    private final DeliveryEngine engine;
    private final RetryFeed retries;
    private final Map<TopicPartition, Lease> leases = new java.util.concurrent.ConcurrentHashMap<>();
    private final DeliveryMetrics metrics;
    private final OffsetTracker tracker = new OffsetTracker();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<CallEvent> values;
    private final SummaryFeed summaries;
    private final DispatchLanes lanes;
    private final AppIds appIds;
    private final Thread loop;
    private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    private volatile boolean running = true;
    private boolean backpressured;
    /** Since when (ms) the retry topic is held back for a call-events backlog; 0 when it is not. */
    private long retryHeldSince;
    /** While call-events has a backlog: the retry topic is held back this long, then read for RETRY_READ_MS. */
    static final long RETRY_HOLD_MS = 2000;
    static final long RETRY_READ_MS = 1000;

    private CallbackDelivery(CallbacksConfig config, MeterRegistry registry) {
        this.config = config;
        DeliveryTopics.ensure(config);
        // writable: delivery stores that an address is disabled
        this.store = KafkaCallbackConfigStore.writable(config.kafkaProps(), config.configTopic(), config.writeTimeout());
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "callback-retry-" + threads.incrementAndGet()));
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "callback-worker-" + threads.incrementAndGet()));
        this.metrics = new DeliveryMetrics(registry, tracker::pending);
        this.writer = new AckedWriter(config.kafkaProps(), scheduler);
        this.deadLetters = new DeadLetterWriter(writer, config.dlqTopic(), Clock.systemUTC());
        CallbackSender sender = new CallbackSender(vertx, new AddressPolicy(config.allowPrivateAddresses(), config.ownHosts()), config.requestTimeout(), config.maxCallbackBytes(), workers, config.signingSecrets(), Clock.systemUTC());
        this.engine = new DeliveryEngine(store, sender, deadLetters,
                new RetryPolicy(config.maxRetries(), config.initialBackoff(), config.maxBackoff(), config.retryGiveUpAfter()),
                config.maxInFlightPerApp(), config.rememberedEndCalls(), metrics, scheduler, workers,
                new RetryTopic(writer, config.retryTopic()), config.maxQueuedPerApp(), Clock.systemUTC(), config.disableAfter());
        this.retries = new RetryFeed(engine, metrics, deadLetters);
        metrics.parkedWaiting(retries::size);
        Map<String, Object> c = config.kafkaProps();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> serde = config.registryProps();
        this.values = AvroSerde.of(CallEvent.class, serde).deserializer();
        this.appIds = new AppIds(serde);
        this.lanes = new DispatchLanes(config.dispatchThreads());
        this.summaries = new SummaryFeed(consumer, config.callEventsTopic(), lanes,
                AvroSerde.of(CallSummary.class, serde).deserializer(), store, engine, metrics, this::track, this::lease,
                this::unhandled);
        this.loop = new Thread(this::run, "callback-delivery");
    }

    /** Starts delivering with metrics in a private registry. */
    public static CallbackDelivery start(CallbacksConfig config) {
        return start(config, new SimpleMeterRegistry());
    }

    /** Starts delivering; metrics go to {@code registry}. Blocks while connecting to Kafka. */
    public static CallbackDelivery start(CallbacksConfig config, MeterRegistry registry) {
        CallbackDelivery d = new CallbackDelivery(config, registry);
        d.loop.start();
        LOG.info("callback delivery started: {} and {} → subscribers, dead letters to {}", config.callEventsTopic(),
                config.callSummariesTopic(), config.dlqTopic());
        return d;
    }

    /** True while the consumer loop runs. */
    public boolean isRunning() {
        return running && loop.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(config.callEventsTopic(), config.callSummariesTopic(), config.retryTopic()), new DeliveryRebalance(consumer, config, tracker, leases, summaries, retries));
            while (running) {
                long t0 = System.nanoTime();
                var records = consumer.poll(Duration.ofMillis(100));
                long t1 = System.nanoTime();
                if (matchesConfiguration(records)) {
                    awaitConfiguration();
                }
                long t2 = System.nanoTime();
                Set<TopicPartition> deferred = new HashSet<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (!deferred.contains(new TopicPartition(r.topic(), r.partition())) && !deferUntilRetryCaughtUp(r, deferred)) {
                        dispatch(r);
                    }
                }
                long t3 = System.nanoTime();
                if (!records.isEmpty() && LOG.isDebugEnabled()) {
                    LOG.debug("{} records: poll {} µs, configuration barrier {} µs, dispatch {} µs; {} in flight, {} parked",
                            records.count(), (t1 - t0) / 1000, (t2 - t1) / 1000, (t3 - t2) / 1000, tracker.pending(), retries.size());
                }
                safely("retry catch-up", () -> retries.advance(tp -> consumer.position(tp, Duration.ofMillis(100))));
                safely("release summaries", summaries::release);
                safely("commit", this::commit);
                safely("pause or resume", this::pauseOrResume);
                safely("lag", () -> metrics.lag(lag()));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("callback delivery loop stopped: {}", e.toString(), e);
        } finally {
            commitFinal();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Until the assigned retry partitions are read up to their end as of the assignment, a record of
     * call-events or call-summaries is not handled: its partition is sought back to it (and stays paused
     * meanwhile), since a call's callbacks parked by the previous owner must be known before its next ones
     * go out (they are parked behind them). True when {@code r} was deferred.
     */
    private boolean deferUntilRetryCaughtUp(ConsumerRecord<String, byte[]> r, Set<TopicPartition> deferred) {
        if (r.topic().equals(config.retryTopic()) || retries.caughtUp()) {
            return false;
        }
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        consumer.seek(tp, r.offset());
        deferred.add(tp);
        return true;
    }

    /** One record to its feed; whatever it throws dead-letters the record (with the reason), never the loop. */
    private void dispatch(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        tracker.started(tp, r.offset());
        try {
            if (r.topic().equals(config.callSummariesTopic())) {
                summaries.accept(r);
            } else if (r.topic().equals(config.retryTopic())) {
                track(r, retries.accept(r, lease(tp)));
            } else {
                Lease lease = lease(tp);
                // decoded and matched in the app's queue: the loop goes on reading (other apps' events behind)
                track(r, lanes.submit(appIds.of(r.topic(), r.value()), () -> {
                    try {
                        return handle(r, lease);
                    } catch (RuntimeException e) {
                        return unhandled(r, e);
                    }
                }));
            }
        } catch (RuntimeException e) {
            track(r, unhandled(r, e));
        }
    }

    /** Dead-letters a record that could not be handled, with the reason, and counts it. */
    private CompletableFuture<Void> unhandled(ConsumerRecord<String, byte[]> r, RuntimeException e) {
        LOG.error("cannot handle {}-{}@{} (dead-lettered): {}", r.topic(), r.partition(), r.offset(), e.toString(), e);
        metrics.failed("exception");
        return deadLetters.writeUnhandled(r.topic() + "-" + r.partition() + "@" + r.offset(), r.key(), r.value(),
                e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private void safely(String what, Runnable step) {
        try {
            step.run();
        } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("callback delivery: {} failed (going on): {}", what, e.toString(), e);
        }
    }

    private Lease lease(TopicPartition tp) {
        return leases.computeIfAbsent(tp, k -> new Lease());
    }

    /** Marks the record handled when {@code handled} completes normally; a rebalance awaits that mark (the lease). */
    private void track(ConsumerRecord<String, byte[]> r, CompletableFuture<Void> handled) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        CompletableFuture<Void> marked = handled.whenComplete((v, ex) -> {
            if (ex == null) {
                tracker.finished(tp, r.offset());
            }
        });
        Lease lease = leases.get(tp);
        if (lease != null) {
            lease.track(marked);
        }
    }

    private CompletableFuture<Void> handle(ConsumerRecord<String, byte[]> r, Lease lease) {
        if (r.value() == null) {
            return CompletableFuture.completedFuture(null);
        }
        CallEvent event;
        try {
            event = values.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            LOG.warn("undecodable record {}-{}@{} (dead-lettered): {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            metrics.event("undecodable");
            return deadLetters.writeUnhandled(r.topic() + "-" + r.partition() + "@" + r.offset(), r.key(), r.value(),
                    "undecodable: " + e.getMessage());
        }
        return engine.submit(event, lease);
    }

    /** Whether the batch holds records matched against the configuration (parked callbacks are not). */
    private boolean matchesConfiguration(org.apache.kafka.clients.consumer.ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            if (!tp.topic().equals(config.retryTopic())) {
                return true;
            }
        }
        return false;
    }

    /** Events are matched against the configuration written before they were read (a write acked by the API is seen). */
    private void awaitConfiguration() {
        try {
            store.catchUp(Duration.ofSeconds(5)).get(6, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("callback configuration may be stale: {}", e.toString());
        }
    }

    private void commit() {
        var offsets = tracker.drainCommittable();
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (o, ex) -> {
                if (ex != null) {
                    LOG.warn("offset commit failed (will be retried by a later commit): {}", ex.toString());
                }
            });
        }
    }

    private void commitFinal() {
        var offsets = tracker.drainCommittable();
        if (offsets.isEmpty()) {
            return;
        }
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(5));
                return;
            } catch (WakeupException e) {
                // close() woke the consumer outside poll(); the wake-up is used up, try once more
            } catch (RuntimeException e) {
                LOG.warn("final offset commit failed (the events will be delivered again): {}", e.toString());
                return;
            }
        }
    }

    /**
     * Pauses {@code call-events} and {@code call-summaries} while {@code callbacks.max.pending.events} of their
     * records are in flight (resumes below half of it), {@code call-summaries} also while summaries wait at
     * the gate (they do not count: they wait for call-events, which must go on), and the retry topic while
     * {@code callbacks.max.parked} parked callbacks are held; after an assignment, call-events and
     * call-summaries until the retry partitions are read up to their end as of the assignment (the retry
     * topic is not held back meanwhile).
     */
    private void pauseOrResume() {
        int pending = tracker.pending(config.callEventsTopic()) + tracker.pending(config.callSummariesTopic()) - summaries.size();
        if (!backpressured && pending >= config.maxPendingEvents()) {
            backpressured = true;
            LOG.info("{} records in flight: pausing {} and {}", pending, config.callEventsTopic(), config.callSummariesTopic());
        } else if (backpressured && pending < config.maxPendingEvents() / 2) {
            backpressured = false;
        }
        boolean catchingUp = !retries.caughtUp();
        boolean parkedFull = !catchingUp && (retries.size() >= config.maxParked() || holdRetry());
        Set<TopicPartition> wanted = new HashSet<>();
        for (TopicPartition tp : consumer.assignment()) {
            boolean retry = tp.topic().equals(config.retryTopic());
            if ((retry && parkedFull) || (!retry && (backpressured || catchingUp))
                    || (summaries.waiting() && tp.topic().equals(config.callSummariesTopic()))) {
                wanted.add(tp);
            }
        }
        Set<TopicPartition> paused = consumer.paused();
        List<TopicPartition> pause = wanted.stream().filter(tp -> !paused.contains(tp)).toList();
        List<TopicPartition> resume = paused.stream().filter(tp -> !wanted.contains(tp)).toList();
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    /**
     * New events first: while {@code call-events} has a backlog (and is not paused), the retry topic is held
     * back for {@link #RETRY_HOLD_MS}, then read for {@link #RETRY_READ_MS} (so a long backlog of both, e.g.
     * after a restart, still reads the retry topic a third of the time), and so on; reading back the callbacks
     * just parked then does not come between other apps' new events. A parked callback's retry can be up to
     * two seconds later than its due time meanwhile.
     */
    private boolean holdRetry() {
        boolean behind = !backpressured && consumer.assignment().stream()
                .anyMatch(tp -> tp.topic().equals(config.callEventsTopic()) && consumer.currentLag(tp).orElse(0) > 0);
        long now = System.currentTimeMillis();
        if (!behind) {
            retryHeldSince = 0;
            return false;
        }
        if (retryHeldSince == 0) {
            retryHeldSince = now;
        }
        long phase = now - retryHeldSince;
        if (phase >= RETRY_HOLD_MS + RETRY_READ_MS) {
            retryHeldSince = now;
            return true;
        }
        return phase < RETRY_HOLD_MS;
    }

    private long lag() {
        long sum = 0;
        for (TopicPartition tp : consumer.assignment()) {
            sum += consumer.currentLag(tp).orElse(0);
        }
        return sum;
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
            // closing the consumer revokes its partitions: their work is handed over (DeliveryRebalance)
            loop.join(config.requestTimeout().toMillis() * 3 + 20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.stop();
        lanes.close();
        scheduler.shutdownNow();
        writer.close();
        workers.shutdownNow();
        store.close();
        vertx.close();
        LOG.info("callback delivery stopped");
    }
}

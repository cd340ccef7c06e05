package io.callstream.ingest.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness of ingest, probed off the event loop on its own thread every interval: Kafka reachable
 * (the probe, e.g. an Admin {@code describeCluster}) and the registry answered (the schema ids of
 * {@code CallEvent} and {@code DeadLetter} are cached, after which the registry is no longer needed
 * per request).
 * The HTTP probe only reads the last result.
 */
public final class Readiness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    private final BooleanSupplier kafkaProbe;
    private final List<ValueEncoder<?>> encoders;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "callstream-ingest-health");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean kafkaUp;
    private volatile boolean closing;

    public Readiness(BooleanSupplier kafkaProbe, List<ValueEncoder<?>> encoders) {
        this.kafkaProbe = kafkaProbe;
        this.encoders = List.copyOf(encoders);
    }

    /** Probes now and then every interval; waits up to {@code firstWait} for the first probe. */
    public void start(Duration interval, Duration firstWait) {
        Future<?> first = scheduler.submit(this::probe);
        scheduler.scheduleWithFixedDelay(this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        try {
            first.get(firstWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("Kafka or the schema registry not reachable yet; ingest answers 503 until they are");
        }
    }

    void probe() {
        for (ValueEncoder<?> encoder : encoders) {
            if (!encoder.ready()) {
                try {
                    encoder.warmUp();
                    LOG.info("schema registry answered: the schema id for {} is cached", encoder.topic());
                } catch (RuntimeException e) {
                    LOG.warn("schema registry not reachable: {}", e.getMessage());
                }
            }
        }
        boolean wasUp = kafkaUp;
        try {
            kafkaUp = kafkaProbe.getAsBoolean();
        } catch (RuntimeException e) {
            kafkaUp = false;
        }
        if (wasUp != kafkaUp) {
            if (kafkaUp) {
                LOG.info("Kafka is reachable");
            } else {
                LOG.warn("Kafka is NOT reachable: callbacks are answered 503 until it is");
            }
        }
    }

    public boolean kafkaUp() {
        return kafkaUp;
    }

    public boolean registryUp() {
        return encoders.stream().allMatch(ValueEncoder::ready);
    }

    /** Ready to take traffic: not shutting down, Kafka reachable, the registry answered. */
    public boolean ready() {
        return !closing && kafkaUp && registryUp();
    }

    /** Marks ingest as shutting down: not ready any more. */
    public void closing() {
        closing = true;
    }

    @Override
    public void close() {
        closing = true;
        scheduler.shutdownNow();
    }
}

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
 * (the Kafka probe, e.g. an Admin {@code describeCluster}) and the schema registry reachable (until
 * the schema ids of {@code CallEvent} and {@code DeadLetter} are cached, by fetching them; after
 * that by the registry probe, e.g. {@link RegistryProbe}: requests no longer need the registry, but
 * a restart, a new schema or a new topic would). The HTTP probe only reads the last result.
 */
public final class Readiness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    private final BooleanSupplier kafkaProbe;
    private final BooleanSupplier registryProbe;
    private final List<ValueEncoder<?>> encoders;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "callstream-ingest-health");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean kafkaUp;
    private volatile boolean registryUp;
    private volatile boolean closing;

    public Readiness(BooleanSupplier kafkaProbe, BooleanSupplier registryProbe, List<ValueEncoder<?>> encoders) {
        this.kafkaProbe = kafkaProbe;
        this.registryProbe = registryProbe;
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
        boolean wasRegistryUp = registryUp;
        registryUp = encoders.stream().allMatch(ValueEncoder::ready) ? ask(registryProbe) : warmUp();
        if (wasRegistryUp != registryUp) {
            if (registryUp) {
                LOG.info("schema registry is reachable");
            } else {
                LOG.warn("schema registry is NOT reachable: not ready until it is");
            }
        }
        boolean wasUp = kafkaUp;
        kafkaUp = ask(kafkaProbe);
        if (wasUp != kafkaUp) {
            if (kafkaUp) {
                LOG.info("Kafka is reachable");
            } else {
                LOG.warn("Kafka is NOT reachable: callbacks are answered 503 until it is");
            }
        }
    }

    /** Fetches the schema ids not cached yet; true when all are. */
    private boolean warmUp() {
        for (ValueEncoder<?> encoder : encoders) {
            if (!encoder.ready()) {
                try {
                    encoder.warmUp();
                    LOG.info("schema registry answered: the schema id for {} is cached", encoder.topic());
                } catch (RuntimeException e) {
                    LOG.warn("schema registry: cannot get the schema id for {}: {}", encoder.topic(), e.getMessage());
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean ask(BooleanSupplier probe) {
        try {
            return probe.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public boolean kafkaUp() {
        return kafkaUp;
    }

    /** The registry answered the last probe and every schema id is cached. */
    public boolean registryUp() {
        return registryUp;
    }

    /** Ready to take traffic: not shutting down, Kafka and the registry reachable, the schema ids cached. */
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

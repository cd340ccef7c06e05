package io.callstream.ingest.metrics;

import io.callstream.common.telemetry.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The Prometheus metrics of ingest: {@code callstream_ingest_requests_total{status,command}},
 * {@code callstream_ingest_request_duration_seconds} (histogram, by status), {@code callstream_ingest_dlq_records_total{result}},
 * {@code callstream_ingest_in_flight} (requests waiting for a Kafka ack),
 * {@code callstream_ingest_kafka_reachable} and {@code callstream_ingest_registry_reachable} (1 or 0, from readiness),
 * plus {@link Telemetry} (build info, JVM). The {@code command}
 * tag is bounded: known command words, {@code other}, {@code none}.
 */
public final class IngestMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Integer, ByStatus> byStatus = new ConcurrentHashMap<>();
    private final ByStatus ok;
    private final Counter dlqWritten;
    private final Counter dlqFailed;
    private final Telemetry telemetry;

    public IngestMetrics() {
        Gauge.builder("callstream.ingest.in.flight", inFlight, AtomicInteger::get)
                .description("Callback requests waiting for the Kafka acknowledgement").register(registry);
        dlqWritten = dlq("written");
        dlqFailed = dlq("failed");
        telemetry = Telemetry.bind(registry, "ingest");
        ok = byStatus.computeIfAbsent(200, ByStatus::new);
    }

    /** Reports readiness's view of Kafka and the schema registry as 1/0 gauges. */
    public void reachability(BooleanSupplier kafka, BooleanSupplier schemaRegistry) {
        Gauge.builder("callstream.ingest.kafka.reachable", () -> kafka.getAsBoolean() ? 1 : 0)
                .description("1 when the last Kafka probe answered").register(registry);
        Gauge.builder("callstream.ingest.registry.reachable", () -> schemaRegistry.getAsBoolean() ? 1 : 0)
                .description("1 when the schema registry answered the last probe and every schema id is cached")
                .register(registry);
    }

    private Counter dlq(String result) {
        return Counter.builder("callstream.ingest.dlq.records").tag("result", result)
                .description("Rejected requests sent to the dead-letter topic").register(registry);
    }

    /** The counter of requests waiting for Kafka: the in-flight bound is enforced on it. */
    public AtomicInteger inFlight() {
        return inFlight;
    }

    /**
     * Counts one answered callback request and its latency. The meters are looked up by status and
     * then by command tag, both cached: no string or tag is built per request (a profile finding).
     */
    public void request(int status, String commandTag, long startNanos) {
        ByStatus meters = status == 200 ? ok : byStatus.computeIfAbsent(status, ByStatus::new);
        Counter counter = meters.requests.get(commandTag);
        if (counter == null) {
            counter = meters.requests.computeIfAbsent(commandTag, tag -> Counter.builder("callstream.ingest.requests")
                    .tag("status", meters.status).tag("command", tag)
                    .description("Answered callback requests").register(registry));
        }
        counter.increment();
        meters.latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** The meters of one answer status. */
    private final class ByStatus {
        final String status;
        final Timer latency;
        final Map<String, Counter> requests = new ConcurrentHashMap<>();

        ByStatus(int status) {
            this.status = Integer.toString(status);
            this.latency = Timer.builder("callstream.ingest.request.duration")
                    .tag("status", this.status).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(5))
                    .description("Time from request to answer").register(registry);
        }
    }

    public void deadLetter(boolean written) {
        (written ? dlqWritten : dlqFailed).increment();
    }

    /** The registry behind {@code /metrics}; the producer's client metrics bind to it too. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        telemetry.close();
        registry.close();
    }
}

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
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<Integer, Timer> latency = new ConcurrentHashMap<>();
    private final Counter dlqWritten;
    private final Counter dlqFailed;
    private final Telemetry telemetry;

    public IngestMetrics() {
        Gauge.builder("callstream.ingest.in.flight", inFlight, AtomicInteger::get)
                .description("Callback requests waiting for the Kafka acknowledgement").register(registry);
        dlqWritten = dlq("written");
        dlqFailed = dlq("failed");
        telemetry = Telemetry.bind(registry, "ingest");
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

    /** Counts one answered callback request and its latency. */
    public void request(int status, String commandTag, long startNanos) {
        requests.computeIfAbsent(status + "|" + commandTag, k -> Counter.builder("callstream.ingest.requests")
                .tag("status", Integer.toString(status)).tag("command", commandTag)
                .description("Answered callback requests").register(registry)).increment();
        latency.computeIfAbsent(status, s -> Timer.builder("callstream.ingest.request.duration")
                .tag("status", Integer.toString(s)).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(5))
                .description("Time from request to answer").register(registry))
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
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

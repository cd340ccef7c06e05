package io.callstream.reliability.chaos;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.deploy.stack.LocalStack;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.deploy.traffic.CallFactory;
import io.callstream.deploy.traffic.CallbackFormat;
import io.callstream.deploy.traffic.LoadGenerator;
import io.callstream.deploy.traffic.LoadReport;
import io.callstream.deploy.traffic.TrafficMix;
import io.callstream.deploy.traffic.TrafficPlan;
import io.callstream.deploy.traffic.Verifier;
import io.callstream.reliability.SuiteStack;
import io.callstream.reliability.TopicScan;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chaos under load: the traffic generator sends {@code calls} mixed-family calls at a fixed rate
 * (retrying 503s and refused connections as a sender would, for up to about a minute); a third of
 * the way in, one {@link Fault} is injected and the part brought back; then the run is verified as
 * {@code generate.sh --verify} does (every call's summary and alerts against the plan), and
 * call-events, call-summaries and missed-call-alerts are read to count records and duplicates.
 */
public final class ChaosRun {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);

    /** The figures of one fault. */
    public record Result(Fault fault, String runId, long calls, LoadReport load, long eventRecords,
                         int summariesExpected, int missingSummaries, long duplicateSummaries, long alertsSeen,
                         long duplicateAlerts, List<String> mismatches, Duration faultToReady,
                         Duration longestAckGap, String error) {

        /** Lost: a 200 without its record, or a call without its summary/alerts; duplicated: a record twice. */
        public boolean ok() {
            return error == null && load.errors() == 0 && eventRecords >= load.acknowledged() && mismatches.isEmpty()
                    && duplicateSummaries == 0 && duplicateAlerts == 0 && load.acknowledged() == load.sent();
        }
    }

    private final SuiteStack suite;

    public ChaosRun(SuiteStack suite) {
        this.suite = suite;
    }

    public Result run(Fault fault, long calls, double rate, long seed) {
        StackConfig c = suite.config();
        String runId = "ch" + Long.toString(Instant.now().toEpochMilli(), 36);
        TrafficMix mix = new TrafficMix(TrafficMix.parseWeights(TrafficMix.DEFAULT_MIX), 0.3, 0.05);
        CallFactory factory = new CallFactory(seed, runId, Instant.now().getEpochSecond(), 10_000, CallbackFormat.MIXED);
        TrafficPlan plan = new TrafficPlan(factory, mix, calls, 50, seed, true);
        // ~600 retries at 100 ms (refused connection) or Retry-After (503, capped at 1 s): a sender that
        // keeps trying for a minute or more, so an outage shows as latency, not as lost calls.
        LoadGenerator.Options opts = new LoadGenerator.Options(c.ingestUrl(), suite.sdkAppId(), rate, 256,
                Duration.ofSeconds(30), 600, true);
        LoadGenerator generator = new LoadGenerator(opts);
        AtomicLong lastAckNanos = new AtomicLong(System.nanoTime());
        AtomicLong longestGap = new AtomicLong();
        AtomicLong lastAcks = new AtomicLong();
        CompletableFuture<LoadReport> load = CompletableFuture.supplyAsync(() -> generator.run(plan, Optional.of(p -> {
            long now = System.nanoTime();
            if (p.acknowledged() > lastAcks.getAndSet(p.acknowledged())) {
                longestGap.accumulateAndGet(now - lastAckNanos.getAndSet(now), Math::max);
            }
        })));
        Duration ready = null;
        String error = null;
        try {
            double seconds = calls * 6.0 / Math.max(rate, 1);
            Thread.sleep((long) Math.max(3_000, seconds * 1000 / 3));
            long t0 = System.nanoTime();
            LOG.info("chaos {}: injecting {}", runId, fault.label());
            inject(fault);
            ready = Duration.ofNanos(System.nanoTime() - t0);
            LOG.info("chaos {}: {} back after {} ms", runId, fault.label(), ready.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (RuntimeException e) {
            LOG.error("chaos {}: {} failed", runId, fault.label(), e);
            error = e.getMessage();
        }
        LoadReport report = load.join();
        generator.close();
        LOG.info("chaos {}: load done: {}", runId, report.render().replace('\n', ' '));
        Verifier verifier = new Verifier(new Verifier.Target(c.bootstrapServers(), c.registryUrl(),
                c.topicCallSummaries(), c.topicMissedCallAlerts(), c.kafkaClientProperties(), c.registryClientProperties()));
        Verifier.Result v = verifier.verify(runId, plan.expectations(), Duration.ofSeconds(180), Optional.empty());
        Counts counts = count(runId);
        long gap = Math.max(longestGap.get(), 0);
        return new Result(fault, runId, calls, report, counts.events, plan.expectations().size(), v.missingSummaries(),
                counts.duplicateSummaries, counts.alerts, counts.duplicateAlerts, v.mismatches(), ready,
                Duration.ofNanos(gap), error);
    }

    private void inject(Fault fault) {
        LocalStack s = suite.stack();
        switch (fault) {
            case PROCESSOR_KILL -> {
                s.killChild("processor");
                s.startChild("processor", "processor", Map.of(), null);
            }
            case INGEST_TERM -> {
                s.stopChild("ingest", Duration.ofSeconds(30));
                s.startChild("ingest", "ingest", Map.of(), null);
            }
            case INGEST_KILL -> {
                s.killChild("ingest");
                s.startChild("ingest", "ingest", Map.of(), null);
            }
            case BROKER_RESTART -> {
                s.restartBroker();
                awaitReady(suite.config().ingestUrl() + "/health/ready");
                awaitReady(suite.config().processorUrl() + "/health/ready");
            }
            case REGISTRY_RESTART -> s.restartRegistry();
            case PROCESSOR_JOIN_LEAVE -> {
                int port = FreePorts.pick();
                s.startChild("processor", "processor-2", Map.of("CALLSTREAM_PROCESSOR_PORT", String.valueOf(port)),
                        "http://" + suite.config().host() + ":" + port + "/health/ready");
                sleep(Duration.ofSeconds(10));
                s.stopChild("processor-2", Duration.ofSeconds(30));
            }
            default -> throw new IllegalArgumentException(fault.name());
        }
    }

    private record Counts(long events, long duplicateSummaries, long alerts, long duplicateAlerts) {
    }

    /** call-events records of the run; summaries with the same (callId, revision) twice; alerts with the same id twice. */
    private Counts count(String runId) {
        StackConfig c = suite.config();
        Map<String, Object> serde = Map.of("schema.registry.url", c.registryUrl());
        String prefix = runId + "-";
        AtomicLong events = new AtomicLong();
        TopicScan.scan(c.bootstrapServers(), c.kafkaClientProperties(), c.topicCallEvents(),
                AvroSerde.of(CallEvent.class, serde).deserializer(), e -> {
                    if (e.getCallId().startsWith(prefix)) {
                        events.incrementAndGet();
                    }
                });
        Map<String, Integer> revisions = new HashMap<>();
        TopicScan.scan(c.bootstrapServers(), c.kafkaClientProperties(), c.topicCallSummaries(),
                AvroSerde.of(CallSummary.class, serde).deserializer(), s -> {
                    if (s.getCallId().startsWith(prefix)) {
                        revisions.merge(s.getCallId() + "#" + s.getRevision(), 1, Integer::sum);
                    }
                });
        Map<String, Integer> alerts = new HashMap<>();
        TopicScan.scan(c.bootstrapServers(), c.kafkaClientProperties(), c.topicMissedCallAlerts(),
                AvroSerde.of(MissedCallAlert.class, serde).deserializer(), a -> {
                    if (a.getCallId().startsWith(prefix)) {
                        alerts.merge(a.getAlertId(), 1, Integer::sum);
                    }
                });
        return new Counts(events.get(), revisions.values().stream().filter(n -> n > 1).count(),
                alerts.size(), alerts.values().stream().filter(n -> n > 1).count());
    }

    private static void awaitReady(String url) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not ready
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(url + " not ready within 3 minutes");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

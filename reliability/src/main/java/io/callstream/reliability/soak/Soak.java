package io.callstream.reliability.soak;

import io.callstream.deploy.stack.StackConfig;
import io.callstream.deploy.traffic.CallFactory;
import io.callstream.deploy.traffic.CallbackFormat;
import io.callstream.deploy.traffic.LoadGenerator;
import io.callstream.deploy.traffic.LoadReport;
import io.callstream.deploy.traffic.TrafficMix;
import io.callstream.deploy.traffic.TrafficPlan;
import io.callstream.deploy.traffic.Verifier;
import io.callstream.reliability.SuiteStack;
import io.callstream.testkit.ChildProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The soak: mixed-family traffic at a fixed rate for {@code minutes}, every service's RSS (from
 * /proc) and heap in use (its /metrics, {@code jvm_memory_used_bytes{area="heap"}}) and the
 * generator's p99 of the last interval sampled every {@code sampleEvery}; then the run is verified.
 */
public final class Soak {

    /** One sample: time since start, per service RSS and heap (MiB), and the ingest p99 (ms) of the last second. */
    public record Sample(Duration at, Map<String, Long> rssMiB, Map<String, Long> heapMiB, double p99Ms, double rate) {
    }

    /** The figures of a soak. */
    public record Result(int minutes, double rate, LoadReport load, List<Sample> samples, int calls, int missingSummaries,
                         List<String> mismatches) {
    }

    private static final List<String> SERVICES = List.of("ingest", "processor", "callbacks");

    private final SuiteStack suite;

    public Soak(SuiteStack suite) {
        this.suite = suite;
    }

    public Result run(int minutes, double rate, Duration sampleEvery, long seed) {
        StackConfig c = suite.config();
        String runId = "sk" + Long.toString(Instant.now().toEpochMilli(), 36);
        long calls = Math.max(1, (long) (rate * 60 * minutes / 6.0));
        TrafficMix mix = new TrafficMix(TrafficMix.parseWeights(TrafficMix.DEFAULT_MIX), 0.3, 0.05);
        TrafficPlan plan = new TrafficPlan(new CallFactory(seed, runId, Instant.now().getEpochSecond(), 10_000,
                CallbackFormat.MIXED), mix, calls, 50, seed, true);
        LoadGenerator generator = new LoadGenerator(new LoadGenerator.Options(c.ingestUrl(), suite.sdkAppId(), rate, 256,
                Duration.ofSeconds(30), 600, true));
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        double[] last = {0, 0};
        long t0 = System.nanoTime();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> samples.add(sample(Duration.ofNanos(System.nanoTime() - t0), last)),
                0, sampleEvery.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<LoadReport> load = CompletableFuture.supplyAsync(() -> generator.run(plan, Optional.of(p -> {
            last[0] = p.intervalLatency().p99() / 1e6;
            last[1] = p.intervalRate();
        })));
        LoadReport report = load.join();
        sampler.shutdownNow();
        generator.close();
        samples.add(sample(Duration.ofNanos(System.nanoTime() - t0), last));
        Verifier.Result v = new Verifier(new Verifier.Target(c.bootstrapServers(), c.registryUrl(),
                c.topicCallSummaries(), c.topicMissedCallAlerts(), c.kafkaClientProperties(), c.registryClientProperties()))
                .verify(runId, plan.expectations(), Duration.ofSeconds(180), Optional.empty());
        return new Result(minutes, rate, report, List.copyOf(samples), v.calls(), v.missingSummaries(), v.mismatches());
    }

    private Sample sample(Duration at, double[] last) {
        Map<String, Long> rss = new LinkedHashMap<>();
        Map<String, Long> heap = new LinkedHashMap<>();
        for (String s : SERVICES) {
            rss.put(s, suite.stack().child(s).map(ChildProcess::sampleRssKb).orElse(-1L) / 1024);
            heap.put(s, heapMiB(metricsUrl(s)));
        }
        return new Sample(at, rss, heap, last[0], last[1]);
    }

    private String metricsUrl(String service) {
        StackConfig c = suite.config();
        return switch (service) {
            case "ingest" -> c.ingestUrl();
            case "processor" -> c.processorUrl();
            default -> c.callbacksUrl();
        } + "/metrics";
    }

    /** Sum of {@code jvm_memory_used_bytes{area="heap",...}} in MiB; -1 when not exposed. */
    static long heapMiB(String url) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            boolean found = false;
            for (String line : body.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? (long) (sum / (1 << 20)) : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}

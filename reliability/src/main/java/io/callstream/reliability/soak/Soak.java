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
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak: mixed-family traffic at a fixed rate for {@code minutes}, every service's RSS (from
 * /proc) and heap in use (its /metrics, {@code jvm_memory_used_bytes{area="heap"}}), the processor's
 * RocksDB block cache in use ({@code kafka_stream_state_block_cache_usage}: one cache shared by every
 * store) and the generator's p99 of the last interval sampled every {@code sampleEvery}, with a
 * progress line once a minute; then the run is verified.
 */
public final class Soak {

    /**
     * One sample: time since start, per service RSS and heap (MiB; -1 where unreadable), the processor's
     * RocksDB block cache in use (MiB; -1 where not exposed), and the ingest p99 (ms) and rate of the
     * generator's last interval.
     */
    public record Sample(Duration at, Map<String, Long> rssMiB, Map<String, Long> heapMiB, long processorCacheMiB,
                         double p99Ms, double rate) {
    }

    /** The figures of a soak. */
    public record Result(int minutes, double rate, LoadReport load, List<Sample> samples, int calls, int missingSummaries,
                         List<String> mismatches) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Soak.class);
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
        long perMinute = Math.max(1, Duration.ofMinutes(1).toMillis() / sampleEvery.toMillis());
        AtomicInteger taken = new AtomicInteger();
        sampler.scheduleAtFixedRate(() -> {
            Sample x = sample(Duration.ofNanos(System.nanoTime() - t0), last);
            samples.add(x);
            if (taken.incrementAndGet() % perMinute == 0) {
                LOG.info("soak: minute {} of {}: {}", x.at().toMinutes(), minutes, progress(x));
            }
        }, 0, sampleEvery.toMillis(), TimeUnit.MILLISECONDS);
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
        long cache = -1;
        for (String s : SERVICES) {
            rss.put(s, suite.stack().child(s).map(ChildProcess::sampleRssKb).orElse(-1L) / 1024);
            String metrics = metrics(metricsUrl(s));
            heap.put(s, heapMiB(metrics));
            if (s.equals("processor")) {
                cache = blockCacheMiB(metrics);
            }
        }
        return new Sample(at, rss, heap, cache, last[0], last[1]);
    }

    /** A sample as one progress line: rate, p99, and each service's RSS and heap. */
    static String progress(Sample x) {
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%.0f webhooks/s, p99 %.1f ms; RSS · heap MiB",
                x.rate(), x.p99Ms()));
        x.rssMiB().forEach((service, rss) -> b.append(' ').append(service).append(' ').append(rss).append(" · ")
                .append(x.heapMiB().getOrDefault(service, -1L)));
        return b.append("; processor block cache ").append(x.processorCacheMiB()).append(" MiB").toString();
    }

    private String metricsUrl(String service) {
        StackConfig c = suite.config();
        return switch (service) {
            case "ingest" -> c.ingestUrl();
            case "processor" -> c.processorUrl();
            default -> c.callbacksUrl();
        } + "/metrics";
    }

    /** The Prometheus text of {@code url}; empty when it cannot be read (the service is down or slow). */
    static String metrics(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** Sum of {@code jvm_memory_used_bytes{area="heap",...}} in MiB; -1 when not exposed. */
    static long heapMiB(String metrics) {
        double sum = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                sum += value(line);
                found = true;
            }
        }
        return found ? (long) (sum / (1 << 20)) : -1;
    }

    /**
     * The processor's RocksDB block cache in use, in MiB: the largest {@code kafka_stream_state_block_cache_usage}
     * (every store reports the one shared cache, so the series repeat one figure); -1 when not exposed.
     */
    static long blockCacheMiB(String metrics) {
        double max = -1;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("kafka_stream_state_block_cache_usage{")) {
                max = Math.max(max, value(line));
            }
        }
        return max < 0 ? -1 : (long) (max / (1 << 20));
    }

    private static double value(String line) {
        try {
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

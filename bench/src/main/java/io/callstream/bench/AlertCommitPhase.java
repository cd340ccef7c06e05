package io.callstream.bench;

import io.callstream.avro.MissedCallAlert;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroDeserializer;
import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * End-to-end alert latency against {@code commit.interval.ms} ({@code --phases alert-commit}): for
 * 25, 50, 100 and 200 ms ({@code --commit-intervals}), the processor's throughput on a preloaded topic (500,000 events, 20,000
 * when quick), then missed 1:1 calls posted to ingest (four v1 webhooks each, in order) at half the
 * pipeline's maximum rate (the lower of ingest's max sustained rate, measured with a processor
 * running, the slowest processor throughput and, when the end-to-end phase ran first, the
 * pipeline's sustainable max it searched), with a {@code read_committed} consumer timing each
 * alert from the 200 answer of its deciding webhook (the callee's {@code not_answer_call}).
 * Writes a table and {@code alert-commit.svg}.
 */
final class AlertCommitPhase {

    private final BenchSuite suite;

    AlertCommitPhase(BenchSuite suite) {
        this.suite = suite;
    }

    void run() throws Exception {
        long events = suite.quick() ? 20_000 : 500_000;
        String in = "bench-alert-in";
        BenchSuite.createTopics(suite.bootstrap(), 4, List.of(in));
        BenchSuite.progress("alert-commit: preloading " + events + " events");
        CallEventsPreload.write(suite.bootstrap(), suite.registryUrl(), in, events, "ac");
        List<ProcessorVariants.Variant> variants = suite.processorVariants().variants();
        Map<String, double[]> throughput = new HashMap<>();
        Map<String, String> throughputLoad = new HashMap<>();
        List<Integer> commits = suite.commitIntervals();
        for (int ci : commits) {
            for (int v = 0; v < variants.size(); v++) {
                throughput.put(ci + "/" + v, processorThroughput(in, events, ci, variants.get(v), v));
                throughputLoad.put(ci + "/" + v, LoadAverage.now());
            }
        }
        double ingestMax = ingestMax();
        double slowest = commits.stream().mapToDouble(ci -> throughput.get(ci + "/0")[0]).min()
                .orElseThrow();
        // --e2e-rate fixes the rate of both latency phases: half of ingest's max with a processor running can be
        // more than the two sustain together on shared cores (the search's steps are shorter than the processor's lag)
        // the end-to-end phase's sustainable max (both together, the processor's backlog bounded), when it ran first
        double apart = PipelineRate.max(ingestMax, slowest);
        double sustainable = suite.figures().pipelineMax;
        double max = Double.isNaN(sustainable) ? apart : Math.min(apart, sustainable);
        double rate = suite.e2eRate() > 0 ? suite.e2eRate() : PipelineRate.half(max, 40);
        String why = suite.e2eRate() > 0 ? "fixed by `--e2e-rate`"
                : Double.isNaN(sustainable)
                ? String.format(Locale.ROOT, "half of the pipeline's max, %,.0f/s, measured apart (the end-to-end "
                        + "phase's sustainable-rate search did not run)", max)
                : String.format(Locale.ROOT, "half of %,.0f/s, the lower of the maxima measured apart (%,.0f/s) and the "
                        + "end-to-end phase's sustainable max (%,.0f/s)", max, apart, sustainable);
        BenchSuite.progress(String.format(Locale.ROOT, "alert-commit: ingest max %,.0f/s, slowest processor %,.0f/s → "
                + "latency runs at %,.0f webhooks/s", ingestMax, slowest, rate));
        Plot plot = new Plot("Alert latency vs commit.interval.ms (at " + Math.round(rate) + " webhooks/s)",
                "commit.interval.ms", "alert latency (ms)");
        Plot tput = new Plot("Processor throughput vs commit.interval.ms", "commit.interval.ms", "events/s");
        suite.add(String.format(Locale.ROOT, "### Alert latency vs commit.interval.ms (missed 1:1 calls at %,.0f "
                + "webhooks/s: %s)", rate, why));
        suite.add("");
        suite.add("| commit.interval.ms | processor Kafka settings | processor events/s (preloaded) · CPU µs/event | load avg after it | offered webhooks/s | alerts seen / calls (failed webhooks) | alert p50 | alert p99 | max | answered → appended p50 · p99 | appended → visible p50 · p99 | commits/s · produce retries · processor lag max | load avg after it |");
        suite.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int ci : commits) {
            for (int v = 0; v < variants.size(); v++) {
                ProcessorVariants.Variant variant = variants.get(v);
                AlertBreakdown b = AlertBreakdown.now();
                Histogram h = b.total;
                long[] counts = latency(ci, rate, b, variant, v);
                String load = LoadAverage.now();
                double[] t = throughput.get(ci + "/" + v);
                suite.add(String.format(Locale.ROOT, "| %d | %s | %,.0f · %.1f | %s | %,.0f | %,d / %,d (%d) | %s | %s | %s "
                                + "| %.1f · %.1f ms | %.1f · %.1f ms | %.1f · %,.0f · %,d | %s |", ci, variant.label(),
                        t[0], t[1], throughputLoad.get(ci + "/" + v), rate, h.getTotalCount(), counts[0], counts[1],
                        BenchSuite.ms(h.getValueAtPercentile(50)), BenchSuite.ms(h.getValueAtPercentile(99)),
                        BenchSuite.ms(h.getMaxValue()), b.toAppend.getValueAtPercentile(50) / 1000.0,
                        b.toAppend.getValueAtPercentile(99) / 1000.0, b.appendToVisible.getValueAtPercentile(50) / 1000.0,
                        b.appendToVisible.getValueAtPercentile(99) / 1000.0, counts[2] / 1000.0, (double) counts[3], counts[4],
                        load));
                if (v == 0) {
                    suite.figures().alerts.add(new RunFigures.Alert("alert-commit phase", ci, rate, why,
                            h.getValueAtPercentile(99), h.getTotalCount()));
                }
                String series = variants.size() == 1 ? "" : " " + variant.label();
                plot.point("p50" + series, ci, h.getValueAtPercentile(50) / 1000.0);
                plot.point("p99" + series, ci, h.getValueAtPercentile(99) / 1000.0);
                tput.point("events/s" + series, ci, t[0]);
            }
        }
        suite.add("");
        suite.add(String.format(Locale.ROOT, "Throughput: one processor (one stream thread, exactly_once_v2) consuming "
                + "%,d preloaded CallEvents from 4 partitions, events/s and the JVM's CPU per event from its first commit "
                + "to its last. Ingest's max sustained rate with a processor running: %,.0f req/s. Latency: fresh "
                + "4-partition topics per run, one ingest and one processor JVM, a warm-up (measuring starts once every "
                + "warm-up alert arrived), then each call's four webhooks posted in order (open loop over calls, 256 "
                + "connections); an alert is timed from the 200 of the call's `not_answer_call` to its arrival at a "
                + "`read_committed` consumer; commits/s and the producer's `record-retry-total` from the processor's "
                + "`/metrics`, its lag (end minus committed offsets) sampled every 200 ms, all over the measured span; split at the broker's log-append time of the alert (alert topic with "
                + "`message.timestamp.type=LogAppendTime`). Plots: `alert-commit.svg`, `alert-commit-throughput.svg`.",
                events, ingestMax));
        suite.add("");
        plot.write(suite.outDir().resolve("alert-commit.svg"));
        tput.write(suite.outDir().resolve("alert-commit-throughput.svg"));
    }

    private Map<String, String> processorEnv(String app, int ci) {
        Map<String, String> env = new HashMap<>();
        env.put("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap());
        env.put("CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl());
        env.put("CALLSTREAM_APPLICATION_ID", app);
        env.put("CALLSTREAM_NUM_STREAM_THREADS", "1");
        env.put("CALLSTREAM_COMMIT_INTERVAL_MS", Integer.toString(ci));
        env.put("CALLSTREAM_STATE_DIR", suite.work().resolve("state-" + app).toString());
        env.put("CALLSTREAM_PROCESSOR_PORT", Integer.toString(FreePorts.pick()));
        env.put("CALLSTREAM_PROCESSOR_HOST", "127.0.0.1");
        env.putAll(topics(app));
        return env;
    }

    private static Map<String, String> topics(String prefix) {
        return Map.of("CALLSTREAM_TOPIC_CALL_EVENTS", prefix + "-events",
                "CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", prefix + "-dlq",
                "CALLSTREAM_TOPIC_CALL_SUMMARIES", prefix + "-summaries",
                "CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", prefix + "-alerts",
                "CALLSTREAM_TOPIC_CALL_PARTICIPANTS", prefix + "-participants");
    }

    private double[] processorThroughput(String in, long events, int ci, ProcessorVariants.Variant variant, int v)
            throws Exception {
        String app = "bench-alert-tput-" + ci + (v == 0 ? "" : "-v" + v);
        Map<String, String> env = processorEnv(app, ci);
        env.putAll(variant.env());
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS", in);
        BenchSuite.createTopics(suite.bootstrap(), 4, List.copyOf(topics(app).values()));
        BenchSuite.progress("alert-commit: processor throughput at commit.interval.ms=" + ci + ", " + variant.label()
                + " (load " + LoadAverage.now() + ")");
        java.nio.file.Path log = suite.work().resolve(app + ".log");
        try (ChildProcess child = BenchSuite.jvm(ProcessorPhases.PROCESSOR_MAIN, List.of(), env, "1g", log)) {
            double[] rate = ProcessorPhases.consumeRate(suite.bootstrap(), app, in, events, child);
            BenchSuite.progress(String.format(Locale.ROOT, "alert-commit: %d ms, %s → %,.0f events/s, %.1f µs CPU/event",
                    ci, variant.label(), rate[0], rate[1]));
            return rate;
        }
    }

    private Map<String, String> ingestEnv(int port, String prefix) {
        Map<String, String> env = new HashMap<>(topics(prefix));
        env.put("CALLSTREAM_HTTP_HOST", "127.0.0.1");
        env.put("CALLSTREAM_HTTP_PORT", Integer.toString(port));
        env.put("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap());
        env.put("CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl());
        env.put("CALLSTREAM_SDKAPPIDS", "1400000001");
        return env;
    }

    /** Ingest's max sustained rate (v1 bodies, 256 connections) while a processor consumes what it writes. */
    private double ingestMax() throws Exception {
        String app = "bench-alert-max";
        BenchSuite.createTopics(suite.bootstrap(), 4, List.copyOf(topics(app).values()));
        int port = FreePorts.pick();
        try (ChildProcess processor = BenchSuite.jvm(ProcessorPhases.PROCESSOR_MAIN, List.of(), processorEnv(app, 100),
                "1g", suite.work().resolve(app + "-processor.log"));
             ChildProcess ingest = BenchSuite.jvm(Phases.INGEST_MAIN, List.of(), ingestEnv(port, app), "1g",
                     suite.work().resolve(app + "-ingest.log"));
             LoadDriver driver = new LoadDriver("http://127.0.0.1:" + port + "/callbacks/callkit?" + Webhooks.QUERY, 256)) {
            ingest.awaitHttp("http://127.0.0.1:" + port + "/health/ready", Duration.ofSeconds(60));
            BenchSuite.progress("alert-commit: ingest max rate with a processor running (load " + LoadAverage.now() + ")");
            return RateSearch.run(driver, new Webhooks(5_000), suite.quick() ? 1_000 : 4_000, suite.quick() ? 1.5 : 4,
                    0, BenchSuite::progress).maxSustained();
        }
    }

    /**
     * Posts missed calls at {@code rate} webhooks/s through ingest and a processor at {@code ci}; returns {calls,
     * failed calls, commits per 1,000 s, the producer's record retries, the processor's max lag} over the measured span.
     */
    private long[] latency(int ci, double rate, AlertBreakdown b, ProcessorVariants.Variant variant, int v)
            throws Exception {
        Histogram h = b.total;
        String app = "bench-alert-ci" + ci + (v == 0 ? "" : "-v" + v);
        BenchSuite.createTopics(suite.bootstrap(), 4, List.of(app + "-events", app + "-dlq", app + "-summaries",
                app + "-participants"));
        BenchSuite.createTopics(suite.bootstrap(), 4, List.of(app + "-alerts"),
                Map.of("message.timestamp.type", "LogAppendTime"));
        int port = FreePorts.pick();
        Map<String, String> penv = processorEnv(app, ci);
        penv.putAll(variant.env());
        Map<String, Long> decidedAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        double seconds = suite.quick() ? 5 : 30;
        int calls = (int) Math.max(10, rate / 4 * seconds);
        double[] lag;
        long commitsPerSecondMilli;
        long retries;
        try (ChildProcess processor = BenchSuite.jvm(ProcessorPhases.PROCESSOR_MAIN, List.of(), penv, "1g",
                suite.work().resolve(app + "-processor.log"));
             ChildProcess ingest = BenchSuite.jvm(Phases.INGEST_MAIN, List.of(), ingestEnv(port, app), "1g",
                     suite.work().resolve(app + "-ingest.log"))) {
            ingest.awaitHttp("http://127.0.0.1:" + port + "/health/ready", Duration.ofSeconds(60));
            processor.awaitHttp("http://127.0.0.1:" + penv.get("CALLSTREAM_PROCESSOR_PORT") + "/health/ready",
                    Duration.ofSeconds(60));
            java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
            AtomicLong warmSeen = new AtomicLong();
            Thread reader = new Thread(() -> readAlerts(app + "-alerts", decidedAt, b, warmSeen, stop, calls, assigned),
                    "alert-reader");
            reader.start();
            if (!assigned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("alert reader got no partitions in 60 s");
            }
            BenchSuite.progress(String.format(Locale.ROOT, "alert-commit: %d ms (" + variant.label() + "), warm-up then %,d missed calls at "
                    + "%,.0f webhooks/s (load %s)", ci, calls, rate, LoadAverage.now()));
            int warmCalls = (int) Math.max(10, rate / 4 * (suite.quick() ? 2 : 5));
            long w0 = System.nanoTime();
            AtomicLong warmFailed = new AtomicLong();
            MissedCalls.post(port, "warm" + ci, warmCalls, rate, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), warmFailed);
            // measure only once the pipeline has caught up with the warm-up (processor assigned, transactions going)
            long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (warmSeen.get() < warmCalls - warmFailed.get() && System.nanoTime() < warmDeadline) {
                Thread.sleep(50);
            }
            BenchSuite.progress(String.format(Locale.ROOT, "alert-commit: %d ms: warm-up alerts %d/%d after %.1f s "
                    + "(%d warm-up calls had a failed webhook)", ci, warmSeen.get(), warmCalls,
                    (System.nanoTime() - w0) / 1e9, warmFailed.get()));
            String metricsUrl = "http://127.0.0.1:" + penv.get("CALLSTREAM_PROCESSOR_PORT") + "/metrics";
            PromMetrics before = PromMetrics.scrape(metricsUrl, null);
            long t0 = System.nanoTime();
            ProcessorPhases.LagSampler lagSampler = new ProcessorPhases.LagSampler(suite.bootstrap(), app, app + "-events");
            lagSampler.start();
            MissedCalls.post(port, "ac" + ci, calls, rate, decidedAt, new ConcurrentHashMap<>(), failures);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (h.getTotalCount() < calls && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            lag = lagSampler.finish();
            PromMetrics after = PromMetrics.scrape(metricsUrl, null);
            double span = (System.nanoTime() - t0) / 1e9;
            commitsPerSecondMilli = (long) (1000 * after.since(before, "kafka_stream_thread_commit_total") / span);
            retries = (long) after.since(before, "kafka_producer_record_retry_total");
            stop.set(true);
            reader.join(10_000);
        }
        BenchSuite.progress(String.format(Locale.ROOT, "alert-commit: %d ms (" + variant.label() + "): %,d/%,d alerts "
                + "p50 %s p99 %s (to append p50 %s, append → visible p50 %s), %d failed webhooks", ci, h.getTotalCount(), calls, BenchSuite.ms(h.getValueAtPercentile(50)),
                BenchSuite.ms(h.getValueAtPercentile(99)), BenchSuite.ms(b.toAppend.getValueAtPercentile(50)),
                BenchSuite.ms(b.appendToVisible.getValueAtPercentile(50)), failures.get()));
        return new long[] {calls, failures.get(), commitsPerSecondMilli, retries, (long) lag[0]};
    }

    private void readAlerts(String topic, Map<String, Long> decidedAt, AlertBreakdown b, AtomicLong warmSeen,
                            AtomicBoolean stop, int calls,
                            java.util.concurrent.CountDownLatch assigned) {
        var alerts = new AvroDeserializer<MissedCallAlert>(
                SchemaRegistryClients.create(Map.of("schema.registry.url", suite.registryUrl())), MissedCallAlert.class);
        Map<String, Object> props = Map.of("bootstrap.servers", suite.bootstrap(), "isolation.level", "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            assigned.countDown();
            while (!stop.get() && b.total.getTotalCount() < calls) {
                for (var r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    String callId = alerts.deserialize(r.topic(), r.value()).getCallId();
                    if (callId.startsWith("warm")) {
                        warmSeen.incrementAndGet();
                    }
                    Long t = decidedAt.get(callId);
                    if (t != null) {
                        b.record(t, r.timestamp(), now);
                    }
                }
            }
        }
    }
}

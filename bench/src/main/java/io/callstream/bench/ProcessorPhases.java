package io.callstream.bench;

import io.callstream.testkit.ChildProcess;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.schemas.serde.AvroDeserializer;
import io.callstream.schemas.registry.SchemaRegistryClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Processor throughput against a pass-through topology with the same serdes and guarantee (1 and 2
 * stream threads, 1 and 4 partitions), and end-to-end latency from webhook POST to the alert and
 * summary being visible to a read_committed consumer. Services run as their own JVMs.
 */
final class ProcessorPhases {

    static final String PROCESSOR_MAIN = "io.callstream.processor.ProcessorMain";
    static final String INGEST_MAIN = Phases.INGEST_MAIN;

    private final BenchSuite suite;
    /** The end-to-end phase's sustainable-rate search, when it ran (the rate was not fixed by {@code --e2e-rate}). */
    private PipelineRate.Search search;

    ProcessorPhases(BenchSuite suite) {
        this.suite = suite;
    }

    // --- 2. throughput ----------------------------------------------------------------------

    void throughput() throws Exception {
        long events = suite.quick() ? 60_000 : 1_000_000;
        suite.add("### Processor throughput (" + String.format(Locale.ROOT, "%,d", events)
                + " preloaded CallEvents: 70 % answered 1:1 calls, 30 % missed; exactly_once_v2)");
        suite.add("");
        suite.add("| partitions | stream threads | sessionizing events/s | pass-through events/s | ratio | "
                + "CPU µs/event sessionizing · pass-through | ratio by CPU | processor peak RSS |");
        suite.add("|---|---|---|---|---|---|---|---|");
        // CALLSTREAM_BENCH_PROCESSOR_CONFIGS=p1-t1,p4-t2 runs only those configurations (A/B runs)
        String only = System.getenv("CALLSTREAM_BENCH_PROCESSOR_CONFIGS");
        List<String> selected = only == null || only.isBlank() ? null : List.of(only.trim().split("\\s*,\\s*"));
        for (int partitions : new int[] {1, 4}) {
            int p = partitions;
            if (selected != null && selected.stream().noneMatch(t -> t.startsWith("p" + p + "-"))) {
                continue;
            }
            String in = "bench-in-p" + partitions;
            BenchSuite.createTopics(suite.bootstrap(), partitions, List.of(in));
            BenchSuite.progress("preloading " + events + " events into " + in);
            CallEventsPreload.write(suite.bootstrap(), suite.registryUrl(), in, events, "p" + partitions);
            for (int threads : new int[] {1, 2}) {
                String tag = "p" + partitions + "-t" + threads;
                if (selected != null && !selected.contains(tag)) {
                    continue;
                }
                double[] session = sessionize(in, events, threads, tag);
                double[] pass = passThrough(in, events, threads, tag);
                suite.figures().processor.put(tag, new RunFigures.Processor(session[0], pass[0], session[2], pass[2]));
                // CPU per event (the JVM's user + system time over the measured span) is the figure that
                // survives a machine shared with other builds; the rate ratio moves with their load
                suite.add(String.format(Locale.ROOT, "| %d | %d | %,.0f | %,.0f | %.0f %% | %.1f · %.1f | %.0f %% | %s |",
                        partitions, threads, session[0], pass[0], 100 * session[0] / pass[0], session[2], pass[2],
                        100 * pass[2] / session[2], BenchSuite.mib((long) session[1])));
            }
        }
        suite.add("");
        suite.add("### State per call (processor stores, as serialized)");
        suite.add("");
        StateFootprint.table().forEach(suite::add);
        suite.add("");
    }

    private double[] sessionize(String in, long events, int threads, String tag) throws Exception {
        String app = "bench-session-" + tag;
        Path log = suite.work().resolve(app + ".log");
        Map<String, String> env = new HashMap<>(processorEnv(app, threads));
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS", in);
        env.put("CALLSTREAM_TOPIC_CALL_SUMMARIES", "bench-summaries-" + tag);
        env.put("CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", "bench-alerts-" + tag);
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", "bench-dlq-" + tag);
        env.put("CALLSTREAM_TOPIC_CALL_PARTICIPANTS", "bench-participants-" + tag);
        env.putAll(suite.processorVariants().first().env());
        BenchSuite.createTopics(suite.bootstrap(), 1, List.of("bench-summaries-" + tag, "bench-alerts-" + tag,
                "bench-dlq-" + tag, "bench-participants-" + tag));
        BenchSuite.progress("sessionizing " + tag);
        try (ChildProcess child = BenchSuite.jvm(PROCESSOR_MAIN, List.of(), env, "1g", log)) {
            double[] rate = consumeRate(suite.bootstrap(), app, in, events, child);
            BenchSuite.progress(String.format(Locale.ROOT, "sessionizing %s: %,.0f events/s, %.1f µs CPU/event (load %s)",
                    tag, rate[0], rate[1], loadAverage()));
            return new double[] {rate[0], child.peakRssKb(), rate[1]};
        }
    }

    private double[] passThrough(String in, long events, int threads, String tag) throws Exception {
        String app = "bench-pass-" + tag;
        Path log = suite.work().resolve(app + ".log");
        BenchSuite.createTopics(suite.bootstrap(), 1, List.of("bench-out-" + tag));
        BenchSuite.progress("pass-through " + tag);
        try (ChildProcess child = BenchSuite.jvm(PassThroughMain.class.getName(), List.of(suite.bootstrap(),
                suite.registryUrl(), in, "bench-out-" + tag, app, Integer.toString(threads),
                suite.work().resolve("state-" + app).toString()), Map.of(), "1g", log)) {
            double[] rate = consumeRate(suite.bootstrap(), app, in, events, child);
            BenchSuite.progress(String.format(Locale.ROOT, "pass-through %s: %,.0f events/s, %.1f µs CPU/event (load %s)",
                    tag, rate[0], rate[1], loadAverage()));
            return new double[] {rate[0], 0, rate[1]};
        }
    }

    private Map<String, String> processorEnv(String app, int threads) {
        return Map.of("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap(),
                "CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl(),
                "CALLSTREAM_APPLICATION_ID", app,
                "CALLSTREAM_NUM_STREAM_THREADS", Integer.toString(threads),
                "CALLSTREAM_STATE_DIR", suite.work().resolve("state-" + app).toString(),
                "CALLSTREAM_PROCESSOR_PORT", Integer.toString(io.callstream.testkit.FreePorts.pick()),
                "CALLSTREAM_PROCESSOR_HOST", "127.0.0.1");
    }

    /** The 1-minute load average, for the progress lines (the machine is shared). */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    /** The offsets {@code group} has committed on {@code topic}, summed over its partitions. */
    static long committed(Admin admin, String group, String topic) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /**
     * Events per second from the first committed progress of the group to its committing the whole
     * input (JVM start-up and rebalance are excluded; the final commit is included), and the
     * instances' CPU time per event over the same span in µs (summed over {@code children}).
     */
    static double[] consumeRate(String bootstrap, String group, String topic, long total, List<ChildProcess> children,
                                Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstCount = -1;
        long firstAt = 0;
        long firstCpu = 0;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (System.nanoTime() < deadline) {
                for (ChildProcess c : children) {
                    if (!c.isAlive()) {
                        throw new IllegalStateException(group + " died; see " + c.logFile());
                    }
                    c.sampleRssKb();
                }
                long committed = ProcessorPhases.committed(admin, group, topic);
                long now = System.nanoTime();
                if (committed > 0 && firstCount < 0) {
                    firstCount = committed;
                    firstAt = now;
                    firstCpu = cpuMillis(children);
                }
                if (committed >= total) {
                    double cpuMicros = 1000.0 * (cpuMillis(children) - firstCpu) / (total - firstCount);
                    return new double[] {firstAt == now ? Double.NaN : (total - firstCount) / ((now - firstAt) / 1e9),
                            cpuMicros};
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(group + " did not consume " + total + " events in " + timeout.toMinutes()
                + " minutes; see " + children.get(0).logFile());
    }

    /** {@link #consumeRate} of one instance, within 5 minutes. */
    static double[] consumeRate(String bootstrap, String group, String topic, long total, ChildProcess child)
            throws Exception {
        return consumeRate(bootstrap, group, topic, total, List.of(child), Duration.ofMinutes(5));
    }

    private static long cpuMillis(List<ChildProcess> children) {
        return children.stream().mapToLong(ChildProcess::cpuMillis).sum();
    }

    // --- 3. end-to-end latency ----------------------------------------------------------------

    /** One end-to-end run: latencies, the alert's breakdown, the processor's metrics and lag over the measured span. */
    private record E2eRun(ProcessorVariants.Variant variant, int repeat, int calls, long failures,
                          Map<String, Histogram> latencies, AlertBreakdown breakdown, PromMetrics before,
                          PromMetrics after, double spanSeconds, double lagMax, double lagMean, String loadBefore,
                          String loadAfter) {
    }

    void endToEnd() throws Exception {
        ProcessorVariants variants = suite.processorVariants();
        int repeats = Math.max(1, suite.repeat());
        double[] rate = {suite.e2eRate() > 0 ? suite.e2eRate() : Double.NaN};
        String[] why = {suite.e2eRate() > 0 ? "fixed by `--e2e-rate`" : null};
        List<E2eRun> runs = new java.util.ArrayList<>();
        int n = 0;
        for (int r = 1; r <= repeats; r++) {
            for (ProcessorVariants.Variant v : variants.variants()) {
                runs.add(endToEndRun(v, r, "e2e" + (n++ == 0 ? "" : "-" + n), rate, why));
            }
        }
        E2eRun first = runs.get(0);
        Map<String, Histogram> latencies = first.latencies();
        suite.figures().alerts.add(new RunFigures.Alert("end-to-end phase", 100, rate[0], why[0],
                latencies.get("alert").getValueAtPercentile(99), latencies.get("alert").getTotalCount()));
        suite.add("### End-to-end latency (webhook POST answered → record visible to a read_committed consumer)");
        suite.add("");
        suite.add(String.format(Locale.ROOT, "%,d missed 1:1 calls at %,.0f webhooks/s (%,.1f calls/s; %s) through "
                + "ingest and processor (one stream thread, commit.interval.ms=100, processor Kafka settings: %s), after "
                + "a warm-up at the same rate that the processor had consumed before measuring; %,d calls had a failed "
                + "webhook.", first.calls(), rate[0], rate[0] / MissedCalls.WEBHOOKS, why[0], first.variant().label(),
                first.failures()));
        suite.add("");
        suite.add("| output | measured from | records | p50 | p99 | max |");
        suite.add("|---|---|---|---|---|---|");
        row("missed-call alert", "the deciding webhook (callee's not_answer_call)", latencies.get("alert"));
        row("call summary", "the last webhook of the call", latencies.get("summary"));
        suite.add("");
        if (search != null) {
            searchTable();
        }
        breakdownTable(runs);
    }

    /** The sustainable-rate search's steps, in the order run. */
    private void searchTable() {
        suite.add(String.format(Locale.ROOT, "### The pipeline's sustainable rate (end-to-end phase; %.0f-s steps of "
                + "missed calls through ingest and the processor)", sustainSeconds()));
        suite.add("");
        suite.add("| offered webhooks/s | achieved | calls with a failed webhook | processor lag max (events) | "
                + "lag at the step's end | sustained |");
        suite.add("|---|---|---|---|---|---|");
        for (PipelineRate.StepResult r : search.steps()) {
            suite.add(String.format(Locale.ROOT, "| %,.0f | %,.0f | %,d | %,.0f | %,.0f | %s |", r.rate(), r.achieved(),
                    r.failures(), r.lagMax(), r.lagEnd(), r.sustained() ? "yes" : "no"));
        }
        suite.add("");
        suite.add(String.format(Locale.ROOT, "Sustained: every webhook answered 200, at least 95 %% of the offered rate "
                + "achieved, and the processor's lag (end offsets of call-events minus its committed offsets, sampled "
                + "every 200 ms) at most half a second of events (at least 200) at the step's end. The search starts "
                + "at the lower of the maxima measured apart, steps up ×1.5 while steps are sustained or down ×0.6 "
                + "until one is, then bisects twice; each step starts after the processor caught up with the previous "
                + "one. %s",
                search.found() ? String.format(Locale.ROOT, "Sustainable max: **%,.0f webhooks/s**; the latency runs "
                        + "use half of it.", search.max()) : "No step was sustained: the latency runs use the floor."));
        suite.add("");
    }

    /** The alert's latency split at the broker's append of the alert, and the processor's commit figures, per run. */
    private void breakdownTable(List<E2eRun> runs) {
        suite.add("### Alert latency breakdown (end-to-end phase, per run in the order run)");
        suite.add("");
        suite.add("| run | processor Kafka settings | alerts | answered → alert appended p50 · p99 | appended → visible "
                + "p50 · p99 | total p50 · p99 | commits/s | commit-latency avg · max | txn commit avg | flush avg | "
                + "send-offsets avg | produce retries | processor lag max · mean (events) | load before → after |");
        suite.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (E2eRun r : runs) {
            AlertBreakdown b = r.breakdown();
            double commits = r.after().since(r.before(), "kafka_stream_thread_commit_total");
            double span = r.spanSeconds();
            suite.add(String.format(Locale.ROOT, "| %d | %s | %,d | %s · %s | %s · %s | %s · %s | %.1f | %.1f · %.0f ms | "
                            + "%s | %s | %s | %,.0f | %,.0f · %,.0f | %s → %s |",
                    r.repeat(), r.variant().label(), b.total.getTotalCount(),
                    ms1(b.toAppend.getValueAtPercentile(50)), ms1(b.toAppend.getValueAtPercentile(99)),
                    ms1(b.appendToVisible.getValueAtPercentile(50)), ms1(b.appendToVisible.getValueAtPercentile(99)),
                    ms1(b.total.getValueAtPercentile(50)), ms1(b.total.getValueAtPercentile(99)),
                    commits / span, r.after().get("kafka_stream_thread_commit_latency_avg"),
                    r.after().get("kafka_stream_thread_commit_latency_max"),
                    perCommit(r, "kafka_producer_txn_commit_time_ns_total", commits),
                    perCommit(r, "kafka_producer_flush_time_ns_total", commits),
                    perCommit(r, "kafka_producer_txn_send_offsets_time_ns_total", commits),
                    r.after().since(r.before(), "kafka_producer_record_retry_total"),
                    r.lagMax(), r.lagMean(), r.loadBefore(), r.loadAfter()));
        }
        suite.add("");
        suite.add("Answered → appended: the 200 of the deciding webhook to the broker's log-append time of the alert "
                + "(alert topic with `message.timestamp.type=LogAppendTime`; ms resolution): the processor's fetch, "
                + "processing and the producer's linger, or its wait for the commit's flush. Appended → visible: the "
                + "rest of the transaction (offsets, EndTxn, markers) and the read_committed consumer's fetch. Commit "
                + "figures from the processor's `/metrics` (Kafka Streams thread and producer metrics) over the "
                + "measured span; commit-latency avg · max are Kafka Streams' windowed figures at its end; txn commit, "
                + "flush and send-offsets are the producer's time totals divided by the commits; produce retries: the producer's "
                + "`record-retry-total` over the span (a batch refused, e.g. `CONCURRENT_TRANSACTIONS` while the previous "
                + "transaction's markers are still being written, waits `retry.backoff.ms` before it is sent again). Processor lag: end "
                + "offsets of call-events minus the processor's committed offsets, sampled every 200 ms while "
                + "measuring.");
        suite.add("");
    }

    private static String perCommit(E2eRun r, String counterNs, double commits) {
        double ns = r.after().since(r.before(), counterNs);
        return Double.isNaN(ns) || commits <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1f ms", ns / commits / 1e6);
    }

    private static String ms1(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private E2eRun endToEndRun(ProcessorVariants.Variant variant, int repeat, String prefix, double[] rateHolder,
                               String[] whyHolder) throws Exception {
        int ingestPort = io.callstream.testkit.FreePorts.pick();
        Path ingestLog = suite.work().resolve(prefix + "-ingest.log");
        Path processorLog = suite.work().resolve(prefix + "-processor.log");
        String eventsTopic = prefix + "-call-events";
        String alertsTopic = prefix + "-missed-call-alerts";
        String summariesTopic = prefix + "-call-summaries";
        String app = "bench-" + prefix;
        // fresh topics per run: the default ones hold the ingest phase's backlog
        Map<String, String> topics = Map.of("CALLSTREAM_TOPIC_CALL_EVENTS", eventsTopic,
                "CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", prefix + "-call-events-dlq",
                "CALLSTREAM_TOPIC_CALL_SUMMARIES", summariesTopic,
                "CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", alertsTopic,
                "CALLSTREAM_TOPIC_CALL_PARTICIPANTS", prefix + "-call-participants");
        BenchSuite.createTopics(suite.bootstrap(), 4, List.of(eventsTopic, prefix + "-call-events-dlq",
                prefix + "-call-participants"));
        // the broker stamps the outputs with their append time: the breakdown's middle instant
        BenchSuite.createTopics(suite.bootstrap(), 4, List.of(alertsTopic, summariesTopic),
                Map.of("message.timestamp.type", "LogAppendTime"));
        Map<String, String> processorEnv = new HashMap<>(processorEnv(app, 1));
        processorEnv.putAll(topics);
        processorEnv.putAll(variant.env());
        Map<String, String> ingestEnv = new HashMap<>(Map.of(
                "CALLSTREAM_HTTP_HOST", "127.0.0.1", "CALLSTREAM_HTTP_PORT", Integer.toString(ingestPort),
                "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap(),
                "CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl(),
                "CALLSTREAM_SDKAPPIDS", "1400000001"));
        ingestEnv.putAll(topics);
        Map<String, Histogram> latencies = Map.of("alert", new Histogram(3_600_000_000L, 3),
                "summary", new Histogram(3_600_000_000L, 3));
        AlertBreakdown breakdown = AlertBreakdown.now();
        Map<String, Long> decidedAt = new ConcurrentHashMap<>();
        Map<String, Long> endedAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        double seconds = suite.quick() ? 5 : 15;
        int calls;
        String metricsUrl = "http://127.0.0.1:" + processorEnv.get("CALLSTREAM_PROCESSOR_PORT") + "/metrics";
        PromMetrics before;
        PromMetrics after;
        double span;
        double[] lag;
        String loadBefore;
        try (ChildProcess processor = BenchSuite.jvm(PROCESSOR_MAIN, List.of(), processorEnv, "1g", processorLog);
             ChildProcess ingest = BenchSuite.jvm(INGEST_MAIN, List.of(), ingestEnv, "1g", ingestLog)) {
            ingest.awaitHttp("http://127.0.0.1:" + ingestPort + "/health/ready", Duration.ofSeconds(60));
            processor.awaitHttp("http://127.0.0.1:" + processorEnv.get("CALLSTREAM_PROCESSOR_PORT") + "/health/ready",
                    Duration.ofSeconds(60));
            if (Double.isNaN(rateHolder[0])) {
                // the maxima measured apart bound the search below: ingest's, searched on this ingest JVM while this
                // processor consumes what it writes (both share the cores), and the processor's one-thread 4-partition
                // rate from this run's processor phase when it ran; searched once, the later runs reuse the rate
                BenchSuite.progress("end-to-end: ingest's max sustained rate with the processor running (load "
                        + LoadAverage.now() + ")");
                double ingestMax;
                double ingestStep = suite.quick() ? 1.5 : 4;
                String ingestSteps = suite.quick() ? "1.5" : "4";
                try (LoadDriver driver = new LoadDriver("http://127.0.0.1:" + ingestPort + "/callbacks/callkit?"
                        + Webhooks.QUERY, 256)) {
                    ingestMax = RateSearch.run(driver, new Webhooks(5_000), suite.quick() ? 1_000 : 4_000,
                            ingestStep, 0, BenchSuite::progress).maxSustained();
                }
                RunFigures.Processor p = suite.figures().processor.get("p4-t1");
                double processorMax = p == null ? Double.NaN : p.sessionRate();
                double max = PipelineRate.max(ingestMax, processorMax);
                awaitCaughtUp(processor, processorLog, app, eventsTopic);
                // what the two sustain together: steps of missed calls through both, every webhook answered, the
                // processor's backlog bounded
                BenchSuite.progress(String.format(Locale.ROOT, "end-to-end: the pipeline's sustainable rate, from %,.0f "
                        + "webhooks/s (load %s)", max, LoadAverage.now()));
                int[] step = {0};
                search = PipelineRate.sustainable(max, 40, r -> sustainStep(processor, processorLog, app, eventsTopic,
                        ingestPort, r, step[0]++), BenchSuite::progress);
                rateHolder[0] = PipelineRate.half(search.max(), 40);
                String upper = p == null
                        ? String.format(Locale.ROOT, "searched from %,.0f/s, ingest's max sustained rate with the "
                                + "processor running (%s-s steps; the processor phase did not run in this run)", max,
                                ingestSteps)
                        : String.format(Locale.ROOT, "searched from %,.0f/s, the lower of ingest's max sustained "
                                + "rate with the processor running (%,.0f req/s, %s-s steps) and the processor phase's "
                                + "one-thread 4-partition rate (%,.0f events/s)", max, ingestMax,
                                ingestSteps, processorMax);
                whyHolder[0] = search.found()
                        ? String.format(Locale.ROOT, "half of the pipeline's sustainable max, %,.0f/s (every webhook "
                                + "answered and the processor less than half a second behind at the end of a %.0f-s "
                                + "step); %s", search.max(), sustainSeconds(), upper)
                        : String.format(Locale.ROOT, "the floor: no rate down to %,.0f/s was sustained; %s", search.max(),
                                upper);
                if (search.found()) {
                    suite.figures().pipelineMax = search.max();
                }
            }
            double rate = rateHolder[0];
            calls = (int) Math.max(10, rate / MissedCalls.WEBHOOKS * seconds);
            int finalCalls = calls;
            java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> readOutputs(alertsTopic, summariesTopic, latencies, breakdown, decidedAt,
                    endedAt, stop, finalCalls, assigned), "e2e-reader");
            reader.start();
            if (!assigned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("e2e reader got no partitions in 60 s");
            }
            BenchSuite.progress(String.format(Locale.ROOT, "end-to-end [%s, run %d]: warm-up, then %,d missed calls at "
                    + "%,.0f webhooks/s (%s; load %s)", variant.label(), repeat, calls, rate, whyHolder[0],
                    LoadAverage.now()));
            MissedCalls.post(ingestPort, "warm", (int) Math.max(10, rate / MissedCalls.WEBHOOKS * (suite.quick() ? 2 : 5)),
                    rate, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new AtomicLong());
            awaitCaughtUp(processor, processorLog, app, eventsTopic);
            loadBefore = LoadAverage.now();
            before = PromMetrics.scrape(metricsUrl, null);
            long t0 = System.nanoTime();
            LagSampler sampler = new LagSampler(suite.bootstrap(), app, eventsTopic);
            sampler.start();
            MissedCalls.post(ingestPort, "e2e", calls, rate, decidedAt, endedAt, failures);
            reader.join(60_000);
            lag = sampler.finish();
            after = PromMetrics.scrape(metricsUrl, null);
            span = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            reader.join(5_000);
        }
        String loadAfter = LoadAverage.now();
        BenchSuite.progress(String.format(Locale.ROOT, "end-to-end [%s, run %d]: alert p50 %s p99 %s (to append p50 %s "
                        + "p99 %s; append → visible p50 %s p99 %s), lag max %,.0f, load %s → %s", variant.label(), repeat,
                BenchSuite.ms(breakdown.total.getValueAtPercentile(50)), BenchSuite.ms(breakdown.total.getValueAtPercentile(99)),
                BenchSuite.ms(breakdown.toAppend.getValueAtPercentile(50)), BenchSuite.ms(breakdown.toAppend.getValueAtPercentile(99)),
                BenchSuite.ms(breakdown.appendToVisible.getValueAtPercentile(50)),
                BenchSuite.ms(breakdown.appendToVisible.getValueAtPercentile(99)), lag[0], loadBefore, loadAfter));
        after.values().forEach((k, v) -> {
            if (k.matches(".*(commit|flush|txn|poll_latency|process_latency|fetch_latency|records_lag_max|retry|error_total).*")) {
                BenchSuite.progress("  metric " + k + " = " + v + " (before " + before.get(k) + ")");
            }
        });
        return new E2eRun(variant, repeat, calls, failures.get(), latencies, breakdown, before, after, span, lag[0],
                lag[1], loadBefore, loadAfter);
    }

    /** The length of a step of the sustainable-rate search. */
    private double sustainSeconds() {
        return suite.quick() ? 3 : 10;
    }

    /**
     * One step of the sustainable-rate search: missed calls at {@code rate} webhooks/s for
     * {@link #sustainSeconds()}, the processor's lag sampled meanwhile; then waits until it caught up,
     * so that the next step starts without a backlog.
     */
    private PipelineRate.StepResult sustainStep(ChildProcess processor, Path log, String app, String eventsTopic,
                                                int ingestPort, double rate, int step) throws Exception {
        int calls = (int) Math.max(10, rate / MissedCalls.WEBHOOKS * sustainSeconds());
        AtomicLong failed = new AtomicLong();
        LagSampler sampler = new LagSampler(suite.bootstrap(), app, eventsTopic);
        sampler.start();
        long t0 = System.nanoTime();
        MissedCalls.post(ingestPort, "sustain" + step, calls, rate, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                failed);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double[] lag = sampler.finish();
        awaitCaughtUp(processor, log, app, eventsTopic);
        return new PipelineRate.StepResult(rate, (double) calls * MissedCalls.WEBHOOKS / elapsed, failed.get(), lag[0],
                lag[2]);
    }

    /** Samples a processor's lag on its input (end offsets minus committed offsets) every 200 ms until {@link #finish}. */
    static final class LagSampler extends Thread {
        private final String bootstrap;
        private final String group;
        private final String topic;
        private volatile boolean done;
        private double max;
        private double sum;
        private double last;
        private int samples;

        LagSampler(String bootstrap, String group, String topic) {
            super("lag-sampler");
            setDaemon(true);
            this.bootstrap = bootstrap;
            this.group = group;
            this.topic = topic;
        }

        @Override
        public void run() {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                while (!done) {
                    long end = BenchSuite.endOffsets(admin, topic);
                    long lag = end - committed(admin, group, topic);
                    synchronized (this) {
                        max = Math.max(max, lag);
                        sum += lag;
                        last = lag;
                        samples++;
                    }
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                BenchSuite.progress("lag sampler stopped: " + e);
            }
        }

        /** Stops sampling; returns {max, mean, last} lag in events. */
        double[] finish() throws InterruptedException {
            done = true;
            join(5_000);
            synchronized (this) {
                return new double[] {max, samples == 0 ? Double.NaN : sum / samples, samples == 0 ? Double.NaN : last};
            }
        }
    }

    /** Waits (up to 2 minutes) until the end-to-end processor has committed everything ingest wrote so far. */
    private void awaitCaughtUp(ChildProcess processor, Path log, String app, String eventsTopic) throws Exception {
        long end = BenchSuite.endOffsets(suite.bootstrap(), eventsTopic);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", suite.bootstrap()))) {
            while (ProcessorPhases.committed(admin, app, eventsTopic) < end) {
                if (!processor.isAlive()) {
                    throw new IllegalStateException("end-to-end processor died; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    BenchSuite.progress("end-to-end: the processor had not caught up after 2 minutes; measuring anyway");
                    return;
                }
                Thread.sleep(100);
            }
        }
    }

    private void row(String what, String from, Histogram h) {
        suite.add(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s | %s |", what, from, h.getTotalCount(),
                BenchSuite.ms(h.getValueAtPercentile(50)), BenchSuite.ms(h.getValueAtPercentile(99)),
                BenchSuite.ms(h.getMaxValue())));
    }

    private void readOutputs(String alertsTopic, String summariesTopic, Map<String, Histogram> latencies,
                             AlertBreakdown breakdown, Map<String, Long> decidedAt, Map<String, Long> endedAt,
                             AtomicBoolean stop, int calls, java.util.concurrent.CountDownLatch assigned) {
        var client = SchemaRegistryClients.create(Map.of("schema.registry.url", suite.registryUrl()));
        var alerts = new AvroDeserializer<MissedCallAlert>(client, MissedCallAlert.class);
        var summaries = new AvroDeserializer<CallSummary>(client, CallSummary.class);
        Map<String, Object> props = Map.of("bootstrap.servers", suite.bootstrap(), "group.id", "bench-e2e-reader-"
                + alertsTopic, "auto.offset.reset", "latest", "isolation.level", "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(alertsTopic, summariesTopic));
            while (consumer.assignment().isEmpty() && !stop.get()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            assigned.countDown();
            while (!stop.get() && latencies.get("summary").getTotalCount() + latencies.get("alert").getTotalCount()
                    < 2L * calls) {
                for (var r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    if (r.topic().equals(alertsTopic)) {
                        Long t = decidedAt.get(alerts.deserialize(r.topic(), r.value()).getCallId());
                        if (t != null) {
                            latencies.get("alert").recordValue(Math.max(0, (now - t) / 1000));
                            breakdown.record(t, r.timestamp(), now);
                        }
                    } else {
                        Long t = endedAt.get(summaries.deserialize(r.topic(), r.value()).getCallId());
                        if (t != null) {
                            latencies.get("summary").recordValue(Math.max(0, (now - t) / 1000));
                        }
                    }
                }
            }
        }
    }
}

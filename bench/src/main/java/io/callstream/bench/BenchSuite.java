package io.callstream.bench;

import io.callstream.testkit.ChildProcess;
import io.callstream.schemas.Topics;
import io.callstream.testkit.ApicurioRegistry;
import io.callstream.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the benchmark suite in one go on this machine and writes markdown tables (for
 * docs/BENCHMARKS.md) to the given file. Every service under test runs in its own JVM beside a
 * broker JVM and an Apicurio registry, all on loopback. Usage:
 * {@code BenchSuite <out.md> [--quick] [--phases ingest,processor,e2e,records,jmh,inflight,records-scale,scaling,alert-commit]
 * [--connections 64,256] [--bodies v1,v4] [--record-counts 100000,1000000,10000000] [--e2e-rate <webhooks/s>]
 * [--processor-kafka "default;linger.ms=0"] [--repeat 2] [--commit-intervals 25,50,100,200] [--keep-work]};
 * {@code bench/run.sh} builds and calls it.
 * {@code --processor-kafka} names processor Kafka settings (see {@link ProcessorVariants}) that the latency
 * phases (end to end, alert-commit) run back to back, {@code --repeat} times (end to end); the processor
 * phase runs the first.
 * The cost-growth phases (inflight, records-scale, scaling, alert-commit) run only when named: each takes many minutes.
 */
public final class BenchSuite {

    private final boolean quick;
    private final List<Integer> connections;
    private final List<Webhooks.Format> bodies;
    private final List<String> phases;
    private final Path work;
    private final List<String> report = new ArrayList<>();
    private String bootstrap;
    private String registryUrl;
    private Path outDir;
    private List<Long> recordCounts;
    private List<Integer> commitIntervals;
    private double e2eRate = Double.NaN;
    private ProcessorVariants processorVariants = ProcessorVariants.defaults();
    private int repeat = 1;
    private final RunFigures figures = new RunFigures();

    private BenchSuite(boolean quick, List<String> phases, List<Integer> connections, List<Webhooks.Format> bodies,
                       Path work) {
        this.quick = quick;
        this.phases = phases;
        this.connections = connections;
        this.bodies = bodies;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/target/BENCHMARKS.generated.md");
        boolean quick = List.of(args).contains("--quick");
        List<Integer> connections = List.of(64, 256);
        List<String> phases = List.of("ingest", "processor", "e2e", "records", "jmh");
        List<Long> recordCounts = quick ? List.of(20_000L, 100_000L) : List.of(100_000L, 1_000_000L, 10_000_000L);
        List<Webhooks.Format> bodies = List.of(Webhooks.Format.V1, Webhooks.Format.V4);
        double e2eRate = Double.NaN;
        ProcessorVariants variants = ProcessorVariants.defaults();
        int repeat = 1;
        List<Integer> commitIntervals = List.of(25, 50, 100, 200);
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--phases")) {
                phases = List.of(args[i + 1].split(","));
            }
            if (args[i].equals("--connections")) {
                connections = java.util.Arrays.stream(args[i + 1].split(",")).map(String::trim)
                        .map(Integer::valueOf).toList();
            }
            if (args[i].equals("--record-counts")) {
                recordCounts = java.util.Arrays.stream(args[i + 1].split(",")).map(String::trim).map(Long::valueOf).toList();
            }
            if (args[i].equals("--e2e-rate")) {
                e2eRate = Double.parseDouble(args[i + 1]);
            }
            if (args[i].equals("--processor-kafka")) {
                variants = ProcessorVariants.parse(args[i + 1]);
            }
            if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[i + 1]);
            }
            if (args[i].equals("--commit-intervals")) {
                commitIntervals = java.util.Arrays.stream(args[i + 1].split(",")).map(String::trim)
                        .map(Integer::valueOf).distinct().toList();
            }
            if (args[i].equals("--bodies")) {
                bodies = java.util.Arrays.stream(args[i + 1].split(",")).map(Webhooks.Format::parse).distinct().toList();
            }
        }
        Path work = Files.createTempDirectory("callstream-bench-");
        BenchSuite suite = new BenchSuite(quick, phases, connections, bodies, work);
        suite.recordCounts = recordCounts;
        suite.e2eRate = e2eRate;
        suite.processorVariants = variants;
        suite.repeat = repeat;
        suite.commitIntervals = commitIntervals;
        try {
            suite.run(out);
        } catch (Exception | Error e) {
            progress("failed; kept the work folder with every JVM's log: " + work);
            throw e;
        }
        removeWork(work, List.of(args).contains("--keep-work"));
    }

    /**
     * After a run that succeeded: deletes the work folder (the broker's log segments, the processors' state,
     * every JVM's log: gigabytes per full run), unless {@code keep} ({@code --keep-work}).
     */
    static void removeWork(Path work, boolean keep) {
        if (keep) {
            progress("kept the work folder (--keep-work): " + work);
        } else {
            deleteDirectory(work);
            progress("deleted the work folder " + work + " (--keep-work keeps it)");
        }
    }

    /** Deletes {@code dir} and everything under it; a failure is reported, not thrown. */
    static void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            progress("could not delete " + dir + ": " + e);
        }
    }

    private void run(Path out) throws Exception {
        outDir = out.toAbsolutePath().getParent();
        header();
        int headerLines = report.size();
        int brokerPort = FreePorts.pick();
        try (ChildProcess broker = BenchSuite.jvm(BrokerMain.class.getName(),
                List.of(work.resolve("kafka").toString(), Integer.toString(brokerPort)), Map.of(), "512m",
                work.resolve("broker.log"));
             ApicurioRegistry registry = new ApicurioRegistry(0, Map.of(), work.resolve("registry.log"))) {
            bootstrap = "127.0.0.1:" + brokerPort;
            awaitBroker(broker);
            var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "broker-rss");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(broker::sampleRssKb, 0, 1, TimeUnit.SECONDS);
            registry.start();
            registryUrl = registry.url();
            createTopics(bootstrap, 4, TOPICS);
            Phases phases = new Phases(this);
            if (this.phases.contains("ingest")) {
                phases.ingest();
            }
            if (this.phases.contains("processor")) {
                phases.processor();
            }
            if (this.phases.contains("e2e")) {
                phases.endToEnd();
            }
            if (this.phases.contains("records")) {
                phases.records();
            }
            if (this.phases.contains("jmh")) {
                phases.microbenchmarks();
            }
            // the cost-growth phases: not in the default run (each takes many minutes, the 10,000,000-record step most)
            if (this.phases.contains("inflight")) {
                new InflightPhase(this, out.toAbsolutePath().getParent()).run();
            }
            if (this.phases.contains("records-scale")) {
                new RecordsScalePhase(this).run(recordCounts);
            }
            if (this.phases.contains("scaling")) {
                new ScalingPhase(this).run();
            }
            if (this.phases.contains("alert-commit")) {
                new AlertCommitPhase(this).run();
            }
            // the targets table goes first, under the header: computed from what the phases below measured
            report.addAll(headerLines, Targets.markdown(Targets.rows(figures, bodies)));
            report.add("");
            report.add("Broker JVM peak RSS during the run: " + mib(broker.peakRssKb()) + " (sampled).");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, String.join("\n", report) + "\n");
        progress("wrote " + out.toAbsolutePath());
    }

    private void header() {
        report.add("## Run of " + Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC"
                + (quick ? " (quick smoke run: short steps, numbers not comparable)" : ""));
        report.add("");
        report.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + ". Broker, registry, service under test and load driver share "
                + "these cores; everything on loopback.");
        report.add("");
    }

    /** Waits until the broker JVM's log says READY (60 s at most). */
    static void awaitBroker(ChildProcess broker) throws Exception {
        Path log = broker.logFile();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("READY")) {
                return;
            }
            if (!broker.isAlive()) {
                throw new IllegalStateException("broker JVM died; see " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("broker not ready in 60 s; see " + log);
    }

    // --- shared by the phases -------------------------------------------------------------

    boolean quick() {
        return quick;
    }

    /** The HTTP connection counts the ingest phase searches at ({@code --connections}, default 64,256). */
    List<Integer> connections() {
        return connections;
    }

    /** The callback generations the ingest phase posts ({@code --bodies}, default v1,v4), each measured on its own. */
    List<Webhooks.Format> bodies() {
        return bodies;
    }

    /**
     * The end-to-end phase's fixed rate in webhooks/s ({@code --e2e-rate}); NaN (the default): half of
     * the pipeline's sustainable max, searched in this run (see {@link PipelineRate#sustainable}).
     */
    double e2eRate() {
        return e2eRate;
    }

    /** The processor Kafka settings the latency phases compare ({@code --processor-kafka}; default: the defaults). */
    ProcessorVariants processorVariants() {
        return processorVariants;
    }

    /** How often the end-to-end phase runs each variant ({@code --repeat}, default 1), interleaved. */
    int repeat() {
        return repeat;
    }

    /** The {@code commit.interval.ms} values the alert-commit phase measures ({@code --commit-intervals}, default 25,50,100,200). */
    List<Integer> commitIntervals() {
        return commitIntervals;
    }

    /** What the phases measured so far that later phases and the targets table use. */
    RunFigures figures() {
        return figures;
    }

    Path work() {
        return work;
    }

    /** Where the report goes; the phases write their SVG plots beside it. */
    Path outDir() {
        return outDir;
    }

    String bootstrap() {
        return bootstrap;
    }

    String registryUrl() {
        return registryUrl;
    }

    void add(String line) {
        report.add(line);
    }

    static void progress(String line) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + line);
    }

    static String mib(long kb) {
        return kb <= 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    /**
     * A service in its own JVM on this JVM's classpath, with {@code -Xmx<heap>}, output to {@code log}.
     * {@code CALLSTREAM_BENCH_JVM_OPTS} adds JVM options to every child, {@code {name}} standing for
     * the main class's simple name: e.g. a JFR recording per child for profiling.
     */
    static ChildProcess jvm(String mainClass, List<String> args, Map<String, String> env, String heap, Path log) {
        String name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap));
        String extra = System.getenv("CALLSTREAM_BENCH_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            for (String option : extra.trim().split("\\s+")) {
                options.add(option.replace("{name}", name));
            }
        }
        ChildProcess child = ChildProcess.start(name, ChildProcess.javaCommand(options, mainClass, args), null, env, log,
                false);
        // A suite stopped with Ctrl-C or SIGTERM leaves no JVM behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> child.stop(Duration.ofSeconds(5)), "stop-" + name));
        return child;
    }

    /** Creates topics (existing ones are kept). */
    static void createTopics(String bootstrap, int partitions, List<String> names) throws Exception {
        createTopics(bootstrap, partitions, names, Map.of());
    }

    /** Creates those of {@code names} that do not exist yet, each with {@code configs} (topic settings). */
    static void createTopics(String bootstrap, int partitions, List<String> names, Map<String, String> configs)
            throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var create = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new org.apache.kafka.clients.admin.NewTopic(n, partitions, (short) 1).configs(configs))
                    .toList();
            admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Sum of the end offsets of a topic's partitions. */
    static long endOffsets(String bootstrap, String topic) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return endOffsets(admin, topic);
        }
    }

    /** The sum of {@code topic}'s end offsets, through an admin client the caller keeps (a sampler's). */
    static long endOffsets(org.apache.kafka.clients.admin.Admin admin, String topic) throws Exception {
        var parts = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions();
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> spec = new java.util.HashMap<>();
        parts.forEach(p -> spec.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
        return admin.listOffsets(spec).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    static final List<String> TOPICS = List.of(Topics.CALL_EVENTS, Topics.CALL_EVENTS_DLQ, Topics.CALL_SUMMARIES,
            Topics.MISSED_CALL_ALERTS, Topics.CALL_PARTICIPANTS);
}

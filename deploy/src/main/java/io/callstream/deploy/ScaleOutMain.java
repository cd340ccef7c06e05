package io.callstream.deploy;

import io.callstream.deploy.stack.LocalStack;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.deploy.traffic.CallFactory;
import io.callstream.deploy.traffic.LoadGenerator;
import io.callstream.deploy.traffic.LoadReport;
import io.callstream.deploy.traffic.TrafficMix;
import io.callstream.deploy.traffic.TrafficPlan;
import io.callstream.deploy.traffic.Verifier;
import io.callstream.schemas.config.Settings;
import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code deploy/scale-out.sh}: the scale-out scenario. A broker and a registry (the local stack's,
 * on free ports, {@code call-events} with 6 partitions), 2 ingest and 3 processor JVMs (one consumer
 * group, {@code num.standby.replicas=1}); the generator sends two runs of calls, one to each ingest;
 * meanwhile one processor is killed with SIGKILL and started again, then the processors get a rolling
 * restart (SIGTERM, wait, start, wait for ready, one after the other). The verifier then checks every call:
 * its summary, exactly one alert per missed callee, no summary revision written twice.
 * Exit 0 when nothing was lost or duplicated, 1 otherwise.
 */
public final class ScaleOutMain {

    static final String USAGE = """
            usage: deploy/scale-out.sh [--rate N] [--seconds S] [--dir DIR]
              --rate N      webhooks per second to each ingest (default 50)
              --seconds S   length of the load (default 300: the restarts must happen while it runs)
              --dir DIR     data and logs (default .callstream-scale-out; wiped first)
            """;
    static final int INGESTS = 2;
    static final int PROCESSORS = 3;
    static final int PARTITIONS = 6;
    static final long SDK_APP_ID = 1400000001L;
    static final Duration READY = Duration.ofMinutes(3);

    private final StackConfig config;
    private final LocalStack stack;
    private final Map<String, String> env;
    private final List<ChildProcess> ingests = new ArrayList<>();
    private final ChildProcess[] processors = new ChildProcess[PROCESSORS];
    private final int[] processorPorts = new int[PROCESSORS];
    private final long t0 = System.nanoTime();

    private ScaleOutMain(Path dir) {
        Map<String, String> s = new HashMap<>(StackConfig.defaults());
        s.put("data.dir", dir.toString());
        s.put("kafka.port", Integer.toString(FreePorts.pick()));
        s.put("kafka.controller.port", Integer.toString(FreePorts.pick()));
        s.put("registry.port", Integer.toString(FreePorts.pick()));
        s.put("partitions", Integer.toString(PARTITIONS));
        s.put("services", "");
        s.put("application.id", "callstream-scale-out");
        this.config = StackConfig.from(Settings.of(s));
        this.stack = new LocalStack(config, System.getProperty("java.class.path"), List.of());
        this.env = stack.childEnvironment(Map.of());
    }

    public static void main(String[] argv) throws Exception {
        ToolConfig.quietLogging();
        Args a;
        try {
            a = Args.parse(argv, List.of("rate", "seconds", "dir"), List.of("help"));
        } catch (IllegalArgumentException e) {
            System.err.println("scale-out: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (a.flag("help")) {
            System.out.print(USAGE);
            return;
        }
        Path dir = Path.of(a.value("dir", ".callstream-scale-out")).toAbsolutePath();
        wipe(dir);
        ScaleOutMain s = new ScaleOutMain(dir);
        try {
            System.exit(s.run(a.doubleValue("rate", 50), (int) a.longValue("seconds", 300)) ? 0 : 1);
        } finally {
            s.close();
        }
    }

    private boolean run(double rate, int seconds) throws Exception {
        say("starting broker and registry (" + config.dataDir() + ")");
        stack.start();
        for (int i = 0; i < INGESTS; i++) {
            int port = FreePorts.pick();
            ChildProcess c = start("ingest-" + i, StackConfig.INGEST_MAIN, Map.of("CALLSTREAM_HTTP_PORT", Integer.toString(port)));
            ingests.add(c);
            c.awaitHttp("http://127.0.0.1:" + port + "/health/ready", READY);
            ingestUrls.add("http://127.0.0.1:" + port);
        }
        for (int i = 0; i < PROCESSORS; i++) {
            processorPorts[i] = FreePorts.pick();
            processors[i] = startProcessor(i);
        }
        for (int i = 0; i < PROCESSORS; i++) {
            processors[i].awaitHttp(processorUrl(i) + "/health/ready", READY);
        }
        say(INGESTS + " ingest, " + PROCESSORS + " processors ready on " + PARTITIONS + " partitions");

        long calls = Math.max(10, Math.round(rate * seconds / 5.0));
        List<TrafficPlan> plans = new ArrayList<>();
        List<CompletableFuture<LoadReport>> loads = new ArrayList<>();
        for (int i = 0; i < INGESTS; i++) {
            TrafficPlan plan = new TrafficPlan(new CallFactory(1000 + i, "scale" + i + "-"
                    + Long.toString(Instant.now().toEpochMilli(), 36), Instant.now().getEpochSecond(), 500),
                    new TrafficMix(TrafficMix.defaults().weights(), 0, 0.05), calls, 10, 2000 + i, true);
            plans.add(plan);
            String url = ingestUrls.get(i);
            loads.add(CompletableFuture.supplyAsync(() -> load(url, rate, plan)));
        }
        say("load started: " + calls + " calls per ingest at " + rate + " webhooks/s each");
        sleep(Duration.ofSeconds(Math.min(15, seconds / 6)));
        say("SIGKILL processor-1" + (loadRunning(loads) ? " (load running)" : " (load over)"));
        processors[1].kill();
        processors[1] = startProcessor(1);
        processors[1].awaitHttp(processorUrl(1) + "/health/ready", READY);
        say("processor-1 ready again after SIGKILL" + (loadRunning(loads) ? " (load running)" : " (load over)"));

        for (int i = 0; i < PROCESSORS; i++) {
            say("rolling restart: SIGTERM processor-" + i);
            processors[i].stop(Duration.ofSeconds(60));
            processors[i] = startProcessor(i);
            processors[i].awaitHttp(processorUrl(i) + "/health/ready", READY);
            say("rolling restart: processor-" + i + " ready again" + (loadRunning(loads) ? " (load running)" : " (load over)"));
        }
        boolean midLoad = loadRunning(loads);
        boolean ok = true;
        long sent = 0;
        long acked = 0;
        for (int i = 0; i < INGESTS; i++) {
            LoadReport r = loads.get(i).join();
            say("ingest-" + i + ": " + r.render().replace("\n", "; "));
            sent += r.sent();
            acked += r.acknowledged();
            ok &= r.acknowledged() == r.sent();
        }
        say("load over; verifying");
        int checked = 0;
        int missing = 0;
        List<String> mismatches = new ArrayList<>();
        Verifier verifier = new Verifier(new Verifier.Target(config.bootstrapServers(), config.registryUrl(),
                config.topicCallSummaries(), config.topicMissedCallAlerts(), config.kafkaClientProperties(),
                config.registryClientProperties()));
        for (TrafficPlan plan : plans) {
            Verifier.Result r = verifier.verify(plan.runId(), plan.expectations(), Duration.ofMinutes(5), Optional.empty());
            checked += r.calls();
            missing += r.missingSummaries();
            mismatches.addAll(r.mismatches());
        }
        mismatches.stream().limit(20).forEach(m -> say("  " + m));
        long duplicates = mismatches.stream().filter(m -> m.contains("more than once") || m.contains("expected exactly one"))
                .count();
        ok &= missing == 0 && mismatches.isEmpty();
        say(String.format("RESULT %s: %d webhooks sent, %d acknowledged; %d calls verified: %d without summary, %d"
                        + " duplicate summaries or alerts, %d other mismatches; 4 processor restarts (1 SIGKILL, 3 rolling), %s",
                ok ? "OK" : "FAILED", sent, acked, checked, missing, duplicates, mismatches.size() - duplicates,
                midLoad ? "all while the load ran" : "the last after the load ended (raise --seconds)"));
        return ok;
    }

    private final List<String> ingestUrls = new ArrayList<>();

    private LoadReport load(String url, double rate, TrafficPlan plan) {
        LoadGenerator g = new LoadGenerator(new LoadGenerator.Options(url, SDK_APP_ID, rate, 64, Duration.ofSeconds(30), 20));
        try {
            return g.run(plan, Optional.empty());
        } finally {
            g.close();
        }
    }

    private static boolean loadRunning(List<CompletableFuture<LoadReport>> loads) {
        return loads.stream().anyMatch(f -> !f.isDone());
    }

    private ChildProcess startProcessor(int i) {
        return start("processor-" + i, StackConfig.PROCESSOR_MAIN, Map.of(
                "CALLSTREAM_PROCESSOR_PORT", Integer.toString(processorPorts[i]),
                "CALLSTREAM_STATE_DIR", config.dataDir().resolve("processor-" + i).toString(),
                "CALLSTREAM_KAFKA_NUM_STANDBY_REPLICAS", "1"));
    }

    private String processorUrl(int i) {
        return "http://127.0.0.1:" + processorPorts[i];
    }

    private ChildProcess start(String name, String mainClass, Map<String, String> extra) {
        Map<String, String> e = new HashMap<>(env);
        e.putAll(extra);
        List<String> command = ChildProcess.watchedJavaCommand(Path.of(System.getProperty("java.home")),
                List.of("-Xmx" + config.childHeap(), "-XX:+UseSerialGC"),
                System.getProperty("java.class.path"), mainClass, List.of());
        return ChildProcess.start(name, command, null, e, config.logDir().resolve(name + ".log"), false);
    }

    private void say(String line) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, line);
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private void close() {
        ChildProcess.stopAll(ingests, Duration.ofSeconds(10));
        List<ChildProcess> ps = new ArrayList<>();
        for (ChildProcess p : processors) {
            if (p != null) {
                ps.add(p);
            }
        }
        ChildProcess.stopAll(ps, Duration.ofSeconds(30));
        stack.close();
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

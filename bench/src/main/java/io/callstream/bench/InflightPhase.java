package io.callstream.bench;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * {@code --phases inflight}: how the processor's throughput and state grow with the number of calls in
 * flight (started, not ended). Per level, one partition holds first that many ringing calls (start_call +
 * receive_call, so each keeps a session and a timer entry until its idle timeout, hours away) and then
 * a fixed workload of whole calls ({@link CallEventsPreload}); one processor (one stream thread, default
 * RocksDB bound) reads it all. Measured: the rate at which the open calls are taken in, the rate of the
 * workload on top of them, the peak RSS, and after a clean stop the state on disk per store with
 * RocksDB's {@code rocksdb.estimate-live-data-size} and {@code rocksdb.estimate-num-keys} (read-only
 * open). Writes a table and {@code processor-inflight.svg} beside the report.
 */
final class InflightPhase {

    private final BenchSuite suite;
    private final Path outDir;

    InflightPhase(BenchSuite suite, Path outDir) {
        this.suite = suite;
        this.outDir = outDir;
    }

    /** One level's figures. */
    record Level(long inFlight, double loadRate, double workRate, double workCpuMicros, long rssKb, long diskBytes, long liveBytes,
                 long keys, Map<String, Long> diskPerStore) {
    }

    void run() throws Exception {
        long[] levels = suite.quick() ? new long[] {1_000, 10_000} : new long[] {10_000, 100_000, 1_000_000};
        long work = suite.quick() ? 30_000 : 300_000;
        List<Level> results = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        for (long n : levels) {
            try {
                results.add(level(n, work));
            } catch (IllegalStateException e) {
                // a level too slow for this machine still leaves the others' table and plot
                BenchSuite.progress("in flight " + n + ": " + e.getMessage());
                unfinished.add(String.format(Locale.ROOT, "%,d in flight: %s", n, e.getMessage()));
            }
        }
        if (!results.isEmpty()) {
            report(results, work);
        }
        unfinished.forEach(u -> suite.add("Not measured: " + u + "."));
        if (!unfinished.isEmpty()) {
            suite.add("");
        }
    }

    private Level level(long inFlight, long work) throws Exception {
        String tag = "inflight-" + inFlight;
        String in = "bench-in-" + tag;
        BenchSuite.createTopics(suite.bootstrap(), 1, List.of(in, "bench-summaries-" + tag, "bench-alerts-" + tag,
                "bench-dlq-" + tag, "bench-participants-" + tag));
        BenchSuite.progress(String.format(Locale.ROOT, "in flight: writing %,d ringing calls, then %,d events of whole calls",
                inFlight, work));
        writeRinging(in, inFlight, tag);
        CallEventsPreload.write(suite.bootstrap(), suite.registryUrl(), in, work, "work-" + tag);
        long loadEvents = 2 * inFlight;
        long total = loadEvents + work;
        String app = "bench-" + tag;
        Path stateDir = suite.work().resolve("state-" + app);
        Map<String, String> env = new HashMap<>();
        env.put("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", suite.bootstrap());
        env.put("CALLSTREAM_SCHEMA_REGISTRY_URL", suite.registryUrl());
        env.put("CALLSTREAM_APPLICATION_ID", app);
        env.put("CALLSTREAM_NUM_STREAM_THREADS", "1");
        env.put("CALLSTREAM_STATE_DIR", stateDir.toString());
        env.put("CALLSTREAM_PROCESSOR_PORT", Integer.toString(io.callstream.testkit.FreePorts.pick()));
        env.put("CALLSTREAM_PROCESSOR_HOST", "127.0.0.1");
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS", in);
        env.put("CALLSTREAM_TOPIC_CALL_SUMMARIES", "bench-summaries-" + tag);
        env.put("CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", "bench-alerts-" + tag);
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", "bench-dlq-" + tag);
        env.put("CALLSTREAM_TOPIC_CALL_PARTICIPANTS", "bench-participants-" + tag);
        Path log = suite.work().resolve(app + ".log");
        double[] rates;
        long rss;
        try (ChildProcess child = BenchSuite.jvm(ProcessorPhases.PROCESSOR_MAIN, List.of(), env, "1g", log)) {
            rates = rates(app, in, loadEvents, total, child, log);
            rss = child.peakRssKb();
        } // a clean stop: Kafka Streams flushes the memtables, so the files hold the whole state
        Map<String, Long> disk = diskPerStore(stateDir);
        long[] live = liveData(stateDir);
        BenchSuite.progress(String.format(Locale.ROOT, "in flight %,d: load %,.0f events/s, workload %,.0f events/s "
                + "(%.1f µs CPU/event, load average %s), state %s on disk", inFlight, rates[0], rates[1], rates[2],
                ProcessorPhases.loadAverage(), mib(disk.values().stream().mapToLong(Long::longValue).sum())));
        return new Level(inFlight, rates[0], rates[1], rates[2], rss, disk.values().stream().mapToLong(Long::longValue).sum(),
                live[0], live[1], disk);
    }

    /** Ringing calls: start_call and receive_call only, one partition, in order. */
    private void writeRinging(String topic, long calls, String prefix) throws Exception {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", suite.registryUrl()));
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        Semaphore window = new Semaphore(50_000);
        Instant base = Instant.now().minusSeconds(1800);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
            for (long c = 0; c < calls; c++) {
                String callId = "open-" + prefix + "-" + c;
                Instant start = base.plusMillis(c);
                for (int e = 0; e < 2; e++) {
                    CallEvent event = CallEventsPreload.event(callId, e, e == 0 ? CallRole.CALLER : CallRole.CALLEE,
                            e == 0 ? CallEventType.START_CALL : CallEventType.RECEIVE_CALL, start, start);
                    window.acquire();
                    producer.send(new ProducerRecord<>(topic, callId, event), (md, ex) -> window.release());
                }
            }
            producer.flush();
        }
    }

    /**
     * Events per second while the ringing calls are read (first commit to the commit passing them) and
     * while the workload is read on top of them (that commit to the last one).
     */
    private double[] rates(String group, String topic, long loadEvents, long total, ChildProcess child, Path log)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        long firstCount = -1;
        long firstAt = 0;
        long loadedCount = -1;
        long loadedAt = 0;
        long loadedCpu = 0;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", suite.bootstrap()))) {
            while (System.nanoTime() < deadline) {
                if (!child.isAlive()) {
                    throw new IllegalStateException(group + " died; see " + log);
                }
                child.sampleRssKb();
                long committed = ProcessorPhases.committed(admin, group, topic);
                long now = System.nanoTime();
                if (committed > 0 && firstCount < 0) {
                    firstCount = committed;
                    firstAt = now;
                }
                if (committed >= loadEvents && loadedCount < 0) {
                    loadedCount = committed;
                    loadedAt = now;
                    loadedCpu = child.cpuMillis();
                }
                if (committed >= total) {
                    double load = loadedAt == firstAt ? Double.NaN : (loadedCount - firstCount) / ((loadedAt - firstAt) / 1e9);
                    double work = now == loadedAt ? Double.NaN : (total - loadedCount) / ((now - loadedAt) / 1e9);
                    double cpu = 1000.0 * (child.cpuMillis() - loadedCpu) / Math.max(1, total - loadedCount);
                    return new double[] {load, work, cpu};
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(group + " did not consume " + total + " events in 20 minutes; see " + log);
    }

    /** Bytes of files per store directory (all tasks, all segments), from {@code <state>/<app>/<task>/rocksdb/<store>}. */
    static Map<String, Long> diskPerStore(Path stateDir) throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                Path rel = stateDir.relativize(f);
                int i = indexOf(rel, "rocksdb");
                String store = i >= 0 && i + 1 < rel.getNameCount() ? rel.getName(i + 1).toString() : "(other)";
                try {
                    sizes.merge(store, Files.size(f), Long::sum);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return sizes;
    }

    private static int indexOf(Path p, String name) {
        for (int i = 0; i < p.getNameCount(); i++) {
            if (p.getName(i).toString().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Sum of {@code rocksdb.estimate-live-data-size} and of {@code rocksdb.estimate-num-keys} over every database. */
    static long[] liveData(Path stateDir) throws IOException {
        RocksDB.loadLibrary();
        long[] sum = new long[2];
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path current : files.filter(f -> f.getFileName().toString().equals("CURRENT")).toList()) {
                String dir = current.getParent().toString();
                try (Options listing = new Options(); DBOptions options = new DBOptions()) {
                    List<ColumnFamilyDescriptor> families = RocksDB.listColumnFamilies(listing, dir).stream()
                            .map(ColumnFamilyDescriptor::new).toList();
                    List<ColumnFamilyHandle> handles = new ArrayList<>();
                    try (RocksDB db = RocksDB.openReadOnly(options, dir, families, handles)) {
                        for (ColumnFamilyHandle h : handles) {
                            sum[0] += db.getLongProperty(h, "rocksdb.estimate-live-data-size");
                            sum[1] += db.getLongProperty(h, "rocksdb.estimate-num-keys");
                            h.close();
                        }
                    }
                } catch (RocksDBException e) {
                    BenchSuite.progress("cannot read " + dir + ": " + e.getMessage());
                }
            }
        }
        return sum;
    }

    private void report(List<Level> results, long work) throws IOException {
        suite.add(String.format(Locale.ROOT, "### Processor cost with calls in flight (one partition, one stream thread, "
                + "%,d workload events on top)", work));
        suite.add("");
        suite.add("RocksDB: the processor's defaults (`rocksdb.memory.total=128MiB` shared block cache carrying the "
                + "memtables, `write-buffer.ratio=0.5`, index and filter blocks in the cache; Kafka Streams' 4 KiB "
                + "blocks, 16 MiB × 3 memtables per store, no compression, bloom filters). State measured after a "
                + "clean stop (memtables flushed).");
        suite.add("");
        suite.add("| calls in flight | taking them in (events/s) | workload on top (events/s) | workload CPU µs/event | "
                + "state on disk | RocksDB live data | keys | bytes on disk per call in flight | peak RSS |");
        suite.add("|---|---|---|---|---|---|---|---|---|");
        for (Level l : results) {
            suite.add(String.format(Locale.ROOT, "| %,d | %,.0f | %,.0f | %.1f | %s | %s | %,d | %,.0f | %s |", l.inFlight(),
                    l.loadRate(), l.workRate(), l.workCpuMicros(), mib(l.diskBytes()), mib(l.liveBytes()), l.keys(),
                    (double) l.diskBytes() / l.inFlight(), BenchSuite.mib(l.rssKb())));
        }
        suite.add("");
        suite.add("On disk per store: " + String.join("; ", results.stream().map(l -> String.format(Locale.ROOT,
                "%,d in flight: %s", l.inFlight(), l.diskPerStore().entrySet().stream()
                        .map(e -> e.getKey() + " " + mib(e.getValue())).toList())).toList()) + ".");
        suite.add("");
        double[] xs = results.stream().mapToDouble(Level::inFlight).toArray();
        String svg = SvgPlot.render("Processor cost with calls in flight (1 partition, 1 stream thread)", List.of(
                new SvgPlot.Panel("workload throughput", "calls in flight", "events/s", xs,
                        results.stream().mapToDouble(Level::workRate).toArray(), "#1f77b4"),
                new SvgPlot.Panel("workload CPU per event", "calls in flight", "µs", xs,
                        results.stream().mapToDouble(Level::workCpuMicros).toArray(), "#2ca02c"),
                new SvgPlot.Panel("state on disk", "calls in flight", "MiB", xs,
                        results.stream().mapToDouble(l -> l.diskBytes() / 1048576.0).toArray(), "#d62728")));
        Path file = outDir.resolve("processor-inflight.svg");
        Files.createDirectories(outDir);
        Files.writeString(file, svg);
        suite.add("Plot: `processor-inflight.svg` (written beside this report).");
        suite.add("");
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}

package io.callstream.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and context switches of each thread of a process (Linux {@code /proc/<pid>/task/<tid>}):
 * on-CPU nanoseconds from {@code schedstat}, voluntary and involuntary context switches from
 * {@code status}, the thread's name from {@code comm} (15 characters). Snapshots are taken before and
 * after a constant-rate run; {@link #delta} groups the difference by {@link #group thread group}.
 * A thread that ends during the run is not counted (threads of the services under test live as long
 * as the JVM, except short-lived ones in "other").
 */
final class ThreadCpu {

    /** One thread's counters. */
    record Counters(String name, long cpuNanos, long voluntary, long involuntary) {
    }

    /** Summed counters of one thread group over a run. */
    record Group(long cpuNanos, long voluntary, long involuntary, int threads) {
        Group plus(Counters c) {
            return new Group(cpuNanos + c.cpuNanos(), voluntary + c.voluntary(), involuntary + c.involuntary(),
                    threads + 1);
        }
    }

    /** The groups the breakdown reports, in this order. */
    static final List<String> GROUPS = List.of("event loops", "sender thread", "producer network thread", "GC",
            "JIT", "other");

    private ThreadCpu() {
    }

    /** The group of a thread by its (truncated) name. */
    static String group(String name) {
        if (name.startsWith("vert.x-eventloo")) {
            return "event loops";
        }
        if (name.startsWith("callstream-inge")) {
            return "sender thread";
        }
        if (name.startsWith("kafka-producer-")) {
            return "producer network thread";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "GC";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT";
        }
        return "other";
    }

    /** Every thread of {@code pid} now, by thread id. */
    static Map<Long, Counters> snapshot(long pid) {
        Map<Long, Counters> threads = new LinkedHashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    long cpu = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[0]);
                    long voluntary = 0;
                    long involuntary = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    threads.put(Long.parseLong(task.getFileName().toString()), new Counters(name, cpu, voluntary,
                            involuntary));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return threads;
    }

    /** What each group used between two snapshots (a thread born in between counts from zero). */
    static Map<String, Group> delta(Map<Long, Counters> before, Map<Long, Counters> after) {
        Map<String, Group> groups = new LinkedHashMap<>();
        GROUPS.forEach(g -> groups.put(g, new Group(0, 0, 0, 0)));
        after.forEach((tid, a) -> {
            Counters b = before.getOrDefault(tid, new Counters(a.name(), 0, 0, 0));
            Counters d = new Counters(a.name(), a.cpuNanos() - b.cpuNanos(), a.voluntary() - b.voluntary(),
                    a.involuntary() - b.involuntary());
            groups.merge(group(a.name()), new Group(0, 0, 0, 0).plus(d), (x, y) -> new Group(
                    x.cpuNanos() + y.cpuNanos(), x.voluntary() + y.voluntary(), x.involuntary() + y.involuntary(),
                    x.threads() + y.threads()));
        });
        return groups;
    }

    /** On-CPU nanoseconds of the whole process (all its threads) now. */
    static long processCpuNanos(long pid) {
        return snapshot(pid).values().stream().mapToLong(Counters::cpuNanos).sum();
    }
}

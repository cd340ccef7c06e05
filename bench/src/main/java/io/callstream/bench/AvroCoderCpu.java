package io.callstream.bench;

import io.callstream.bench.jmh.AvroCodersBenchmark;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The workloads of {@link AvroCodersBenchmark} timed by the thread's CPU time instead of the wall
 * clock: on a machine shared with other builds (load far above the core count) JMH's wall-clock
 * averages mostly measure waiting for a core, CPU time per operation does not.
 * {@code AvroCoderCpu [fastCoders=true|false] [rounds] [opsPerRound]}: prints min and median CPU ns/op.
 */
public final class AvroCoderCpu {

    private static volatile Object sink;

    private AvroCoderCpu() {
    }

    public static void main(String[] args) {
        String fast = args.length > 0 ? args[0] : "true";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        AvroCodersBenchmark b = new AvroCodersBenchmark();
        b.fastCoders = fast;
        b.setUp();
        Map<String, Supplier<Object>> work = new LinkedHashMap<>();
        work.put("encodeCallEvent", b::encodeCallEvent);
        work.put("decodeCallEvent", b::decodeCallEvent);
        work.put("encodeCallSummary", b::encodeCallSummary);
        work.put("decodeCallSummary", b::decodeCallSummary);
        work.put("encodeMissedCallAlert", b::encodeMissedCallAlert);
        work.put("decodeMissedCallAlert", b::decodeMissedCallAlert);
        work.put("encodeCallParticipant", b::encodeCallParticipant);
        work.put("decodeCallParticipant", b::decodeCallParticipant);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Supplier<Object>> w : work.entrySet()) {
            for (int i = 0; i < 100_000; i++) {
                sink = w.getValue().get();
            }
        }
        System.out.printf(Locale.ROOT, "| operation (fastCoders=%s) | CPU ns/op min | CPU ns/op median |%n|---|---|---|%n", fast);
        for (Map.Entry<String, Supplier<Object>> w : work.entrySet()) {
            double[] perOp = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < ops; i++) {
                    sink = w.getValue().get();
                }
                perOp[r] = (threads.getCurrentThreadCpuTime() - start) / (double) ops;
            }
            Arrays.sort(perOp);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", w.getKey(), perOp[0], perOp[rounds / 2]);
        }
    }
}

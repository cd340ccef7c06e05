package io.callstream.reliability;

import io.callstream.reliability.chaos.Fault;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a suite run does. Defaults are the full run of docs/RELIABILITY.md except the soak (0
 * minutes unless asked for).
 *
 * @param fuzzRequests  HTTP fuzz requests (0: no fuzz)
 * @param fuzzWorkers   fuzz client threads (each one connection)
 * @param probes        run the admin-API security probes
 * @param faults        chaos faults, one traffic run each
 * @param chaosCalls    calls per chaos run
 * @param chaosRate     webhooks per second of a chaos run
 * @param soakMinutes   soak length (0: no soak)
 * @param soakRate      webhooks per second of the soak
 * @param seed          random seed
 * @param dataDir       the stack's folder (data and logs)
 * @param out           where the markdown report goes
 */
public record SuiteOptions(long fuzzRequests, int fuzzWorkers, boolean probes, List<Fault> faults, long chaosCalls,
                           double chaosRate, int soakMinutes, double soakRate, long seed, Path dataDir, Path out,
                           String childHeap) {

    static final String USAGE = """
            usage: reliability/run.sh [options]
              --fuzz N            HTTP fuzz requests (default 100000; 0 = none)
              --workers N         fuzz connections (default 32)
              --no-probes         skip the admin-API security probes
              --faults LIST       chaos faults: all (default), none, or a comma list of
                                  processor-kill, ingest-term, ingest-kill, broker-restart,
                                  registry-restart, processor-join-leave
              --chaos-calls N     calls per fault run (default 1000, ~6,000 webhooks)
              --chaos-rate R      webhooks/s during a fault run (default 200)
              --soak-minutes M    soak length (default 0 = none)
              --soak-rate R       webhooks/s of the soak (default 500)
              --seed N            random seed (default: time)
              --data DIR          the stack's data and logs (default reliability/target/stack)
              --out FILE          the report (default reliability/target/RELIABILITY.generated.md)
              --child-heap SIZE   -Xmx of each service JVM (default 512m)
            """;

    public static SuiteOptions parse(String[] argv) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String k = argv[i];
            if (!k.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + k);
            }
            if (k.equals("--no-probes") || k.equals("--help")) {
                a.put(k.substring(2), "true");
            } else if (i + 1 < argv.length) {
                a.put(k.substring(2), argv[++i]);
            } else {
                throw new IllegalArgumentException(k + " needs a value");
            }
        }
        if (a.containsKey("help")) {
            throw new IllegalArgumentException("");
        }
        return new SuiteOptions(Long.parseLong(a.getOrDefault("fuzz", "100000")),
                Integer.parseInt(a.getOrDefault("workers", "32")), !a.containsKey("no-probes"),
                Fault.parse(a.getOrDefault("faults", "all")), Long.parseLong(a.getOrDefault("chaos-calls", "1000")),
                Double.parseDouble(a.getOrDefault("chaos-rate", "200")),
                Integer.parseInt(a.getOrDefault("soak-minutes", "0")),
                Double.parseDouble(a.getOrDefault("soak-rate", "500")),
                Long.parseLong(a.getOrDefault("seed", String.valueOf(System.nanoTime()))),
                Path.of(a.getOrDefault("data", "reliability/target/stack")).toAbsolutePath(),
                Path.of(a.getOrDefault("out", "reliability/target/RELIABILITY.generated.md")).toAbsolutePath(),
                a.getOrDefault("child-heap", "512m"));
    }
}

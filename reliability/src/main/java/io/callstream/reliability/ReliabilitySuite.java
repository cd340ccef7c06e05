package io.callstream.reliability;

import io.callstream.deploy.stack.StackConfig;
import io.callstream.reliability.chaos.ChaosRun;
import io.callstream.reliability.chaos.Fault;
import io.callstream.reliability.fuzz.HttpFuzz;
import io.callstream.reliability.probes.AdminProbes;
import io.callstream.reliability.probes.RecordsProbes;
import io.callstream.reliability.probes.SsrfDelivery;
import io.callstream.reliability.soak.Soak;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reliability suite: starts the local stack (deploy's LocalStack, services as child JVMs),
 * runs the HTTP fuzz, the security probes, one chaos run per fault and the soak, checks after each
 * step that no service died on its own, and returns the figures.
 */
public final class ReliabilitySuite {

    private static final Logger LOG = LoggerFactory.getLogger(ReliabilitySuite.class);
    static final int INGEST_BODY_LIMIT = 65_536;

    /** Everything a run measured; absent parts are null / empty. */
    public record Results(SuiteOptions options, HttpFuzz.Result fuzz, List<AdminProbes.Probe> probes,
                          List<ChaosRun.Result> chaos, Soak.Result soak, List<String> crashes, Duration elapsed,
                          String load) {

        /** Every figure within its bound (the probes of known, separately tracked findings excepted: see the report). */
        public boolean ok() {
            return crashes.isEmpty() && (fuzz == null || fuzz.ok()) && chaos.stream().allMatch(ChaosRun.Result::ok)
                    && (soak == null || soak.mismatches().isEmpty())
                    && probes.stream().allMatch(p -> p.passed() || KnownFindings.isOpen(p));
        }
    }

    private ReliabilitySuite() {
    }

    public static Results run(SuiteOptions o) {
        long t0 = System.nanoTime();
        String loadBefore = LoadAverage.read();
        List<String> crashes = new ArrayList<>();
        HttpFuzz.Result fuzz = null;
        List<AdminProbes.Probe> probes = List.of();
        List<ChaosRun.Result> chaos = new ArrayList<>();
        Soak.Result soak = null;
        try (SuiteStack s = SuiteStack.start(o.dataDir(), o.childHeap())) {
            StackConfig c = s.config();
            Map<String, Long> pids = pids(s);
            if (o.fuzzRequests() > 0) {
                LOG.info("fuzz: {} requests", o.fuzzRequests());
                fuzz = new HttpFuzz(new HttpFuzz.Target(c.host(), c.httpPort(), s.sdkAppId(), INGEST_BODY_LIMIT,
                        c.bootstrapServers(), c.registryUrl(), c.topicCallEvents(), c.topicCallEventsDlq()))
                        .run(o.fuzzRequests(), o.fuzzWorkers(), o.seed());
                crashes.addAll(crashesSince(s, pids, "fuzz"));
            }
            if (o.probes()) {
                LOG.info("security probes");
                long app = s.sdkAppId();
                AdminProbes admin = new AdminProbes(c.callbacksUrl(), app, c.callbacksAccounts().secretKeys().get(app),
                        c.demoAdmin(app));
                List<AdminProbes.Probe> all = new ArrayList<>(admin.run());
                all.addAll(ssrfDelivery(admin, c, app));
                LOG.info("security probes of the records API");
                all.addAll(recordsProbes(s, c, app));
                probes = all;
                crashes.addAll(crashesSince(s, pids, "probes"));
            }
            for (Fault f : o.faults()) {
                LOG.info("chaos: {}", f.label());
                chaos.add(new ChaosRun(s).run(f, o.chaosCalls(), o.chaosRate(), o.seed() + f.ordinal()));
                pids = pids(s); // a restarted service has a new pid
            }
            if (o.soakMinutes() > 0) {
                LOG.info("soak: {} minutes at {}/s", o.soakMinutes(), o.soakRate());
                soak = new Soak(s).run(o.soakMinutes(), o.soakRate(), Duration.ofSeconds(10), o.seed());
                crashes.addAll(crashesSince(s, pids, "soak"));
            }
        }
        return new Results(o, fuzz, probes, chaos, soak, crashes, Duration.ofNanos(System.nanoTime() - t0),
                loadBefore + " → " + LoadAverage.read());
    }

    /** The records API of the processor, its probes' groups prefixed {@code records/}. */
    private static List<AdminProbes.Probe> recordsProbes(SuiteStack s, StackConfig c, long app) {
        long other = s.otherSdkAppId();
        var keys = c.callbacksAccounts().secretKeys();
        try {
            return new RecordsProbes(c.host().equals("0.0.0.0") ? "127.0.0.1" : c.host(), c.processorPort(),
                    new RecordsProbes.App(app, keys.get(app), c.demoAdmin(app)),
                    new RecordsProbes.App(other, keys.get(other), c.demoAdmin(other)), c.ingestUrl()).run().stream()
                    .peek(p -> LOG.info("records probe {} / {}: expected {}, HTTP {}, code {}: {}", p.group(), p.name(),
                            p.expected(), p.status(), p.code(), p.note()))
                    .map(p -> new AdminProbes.Probe("records/" + p.group(), p.name(), p.expected(), p.status(), p.code(),
                            p.refused(), p.note())).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The delivery-time SSRF guard for the loopback spellings the configuration check lets through. */
    private static List<AdminProbes.Probe> ssrfDelivery(AdminProbes admin, StackConfig c, long app) {
        try {
            return new SsrfDelivery(admin, c.ingestUrl(), app, c.bootstrapServers())
                    .run(List.of("LOCALHOST.", "0x7f000001", "0177.0.0.1"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static Map<String, Long> pids(SuiteStack s) {
        return Map.of("ingest", s.pid("ingest"), "processor", s.pid("processor"), "callbacks", s.pid("callbacks"));
    }

    /** Services that died or were replaced by another process since {@code pids} were taken. */
    private static List<String> crashesSince(SuiteStack s, Map<String, Long> pids, String step) {
        List<String> out = new ArrayList<>();
        pids.forEach((name, pid) -> {
            if (s.pid(name) != pid) {
                out.add(name + " (pid " + pid + ") is gone after the " + step + "; log: "
                        + s.config().logDir().resolve(name + ".log"));
            }
        });
        return out;
    }
}

package io.callstream.reliability;

import io.callstream.reliability.chaos.ChaosRun;
import io.callstream.reliability.fuzz.HttpFuzz;
import io.callstream.reliability.probes.AdminProbes;
import io.callstream.reliability.soak.Soak;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The markdown tables of a suite run (pasted into docs/RELIABILITY.md). */
public final class Report {

    private Report() {
    }

    public static String markdown(ReliabilitySuite.Results r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Run of %s: %.1f min, load average %s (1 min, before → after), seed %d; %s%n%n",
                java.time.Instant.now(), r.elapsed().toMillis() / 60000.0, r.load(), r.options().seed(),
                r.ok() ? "**every bound met**" : "**a bound was missed (see below)**"));
        b.append("Process crashes: ").append(r.crashes().isEmpty() ? "0" : String.join("; ", r.crashes())).append("\n\n");
        if (r.fuzz() != null) {
            fuzz(b, r.fuzz());
        }
        if (!r.probes().isEmpty()) {
            probes(b, r);
        }
        if (!r.chaos().isEmpty()) {
            chaos(b, r);
        }
        if (r.soak() != null) {
            soak(b, r.soak());
        }
        return b.toString();
    }

    private static void fuzz(StringBuilder b, HttpFuzz.Result f) {
        b.append("### HTTP fuzz\n\n");
        b.append(String.format(Locale.ROOT, "%,d requests in %.1f s (%.0f req/s), run `%s`%n%n", f.requests(),
                f.elapsed().toMillis() / 1000.0, f.requests() / Math.max(0.001, f.elapsed().toMillis() / 1000.0),
                f.runId()));
        b.append("| figure | value | bound |\n|---|---|---|\n");
        row(b, "answers by status", statuses(f.byStatus()), "");
        row(b, "5xx other than 503", f.server5xx() + examples(f.server5xxExamples()), "0");
        row(b, "501 from Vert.x's HTTP/1 codec to a request line `HTTP/9.9` (no handler runs; explained below)",
                String.valueOf(f.codecVersionRefusals()), "explained");
        row(b, "whole requests without an answer", f.unanswered() + examples(f.unansweredExamples()), "0");
        row(b, "requests the client cut off on purpose (no answer possible)", String.valueOf(f.aborted()), "–");
        row(b, "… of which left a record or a dead letter", String.valueOf(f.abortedWithRecord()), "0");
        row(b, "dead-lettering answers (400 400xx / 415) → their dead letter found",
                f.deadLetterable() + " → " + f.deadLettersFound() + " (missing " + f.deadLettersMissing()
                        + examples(f.missingDeadLetterExamples()) + "; written twice " + f.deadLettersDuplicated() + ")",
                "missing 0");
        row(b, "200s → their call-events record found", f.accepted() + " → " + f.acceptedRecordsFound() + " (missing "
                + f.acceptedRecordsMissing() + examples(f.missingRecordExamples()) + ")", "missing 0");
        row(b, "valid webhooks sent → 200 (+ 503)", f.validSent() + " → " + f.validAccepted() + " (+ " + f.valid503() + ")",
                "all");
        b.append("\n| kind | requests | answers |\n|---|---|---|\n");
        f.byKind().forEach((k, m) -> b.append("| ").append(k).append(" | ")
                .append(m.values().stream().mapToLong(Long::longValue).sum()).append(" | ").append(statuses(m))
                .append(" |\n"));
        b.append('\n');
    }

    private static void probes(StringBuilder b, ReliabilitySuite.Results r) {
        long passed = r.probes().stream().filter(AdminProbes.Probe::passed).count();
        b.append("### Security probes (admin API; records API: groups records/…)\n\n").append(passed).append(" of ").append(r.probes().size())
                .append(" answered as documented.\n\n| group | probe | expected | got | |\n|---|---|---|---|---|\n");
        for (AdminProbes.Probe p : r.probes()) {
            b.append("| ").append(p.group()).append(" | ").append(p.name().replace("|", "\\|")).append(" | ")
                    .append(p.expected() == null ? "refused" : p.expected()).append(" | ")
                    .append(p.status() < 0 ? "connection closed" : "HTTP " + p.status() + ", " + p.code())
                    .append(" | ").append(p.passed() ? "ok" : KnownFindings.isOpen(p) ? "**NO**: " + KnownFindings.reason(p)
                            : "**NO**: " + p.note().replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        b.append('\n');
    }

    private static void chaos(StringBuilder b, ReliabilitySuite.Results r) {
        b.append("### Chaos under load\n\n").append(String.format(Locale.ROOT,
                "Each fault: %d mixed-family calls at %.0f webhooks/s (30 %% shuffled, 5 %% delivered twice), the fault a "
                        + "third of the way in, then `--verify`.%n%n", r.options().chaosCalls(), r.options().chaosRate()));
        b.append("| fault | webhooks sent → 200 | retries | records on call-events | calls: summary missing / mismatches "
                + "| duplicate summaries / alerts | fault → back (s) | longest ack gap (s) | p99 ms | |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (ChaosRun.Result c : r.chaos()) {
            b.append(String.format(Locale.ROOT, "| %s | %d → %d | %d | %d | %d / %d | %d / %d | %s | %.1f | %.0f | %s |%n",
                    c.fault().label(), c.load().sent(), c.load().acknowledged(), c.load().retries(), c.eventRecords(),
                    c.missingSummaries(), c.mismatches().size(), c.duplicateSummaries(), c.duplicateAlerts(),
                    c.faultToReady() == null ? "–" : String.format(Locale.ROOT, "%.1f", c.faultToReady().toMillis() / 1000.0),
                    c.longestAckGap().toMillis() / 1000.0, c.load().latency().p99() / 1e6,
                    c.ok() ? "ok" : "**NO**" + (c.error() != null ? " (" + c.error() + ")" : "")));
        }
        r.chaos().stream().filter(c -> !c.mismatches().isEmpty()).forEach(c -> b.append("\n").append(c.fault().label())
                .append(" mismatches (first 5): ").append(c.mismatches().stream().limit(5)
                        .collect(Collectors.joining("; "))));
        b.append('\n');
    }

    private static void soak(StringBuilder b, Soak.Result s) {
        b.append(String.format(Locale.ROOT, "### Soak%n%n%d min at %.0f webhooks/s: %s%n%n%d calls verified, %d without a "
                        + "summary, %d mismatches%n%n| at (s) | RSS MiB ingest / processor / callbacks | heap MiB | "
                        + "processor block cache MiB | p99 ms (last s) | rate |%n|---|---|---|---|---|---|%n", s.minutes(), s.rate(),
                s.load().render().replace("\n", "; "), s.calls(), s.missingSummaries(), s.mismatches().size()));
        for (Soak.Sample x : s.samples()) {
            b.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %.1f | %.0f |%n", x.at().toSeconds(),
                    join(x.rssMiB()), join(x.heapMiB()), x.processorCacheMiB(), x.p99Ms(), x.rate()));
        }
        b.append('\n');
    }

    private static String join(Map<String, Long> m) {
        return m.values().stream().map(String::valueOf).collect(Collectors.joining(" / "));
    }

    private static String statuses(Map<Integer, Long> m) {
        return m.entrySet().stream().map(e -> (e.getKey() < 0 ? "none" : String.valueOf(e.getKey())) + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String examples(java.util.List<String> xs) {
        return xs.isEmpty() ? "" : " (e.g. " + String.join("; ", xs.subList(0, Math.min(3, xs.size()))) + ")";
    }

    private static void row(StringBuilder b, String what, String value, String bound) {
        b.append("| ").append(what).append(" | ").append(value.replace("|", "\\|")).append(" | ").append(bound).append(" |\n");
    }
}

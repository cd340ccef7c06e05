package io.callstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue #19's targets against this run's figures ({@link RunFigures}): one row per target and body
 * generation, configuration or alert run, with the measured value and whether it is met. A target
 * whose phase did not run is "not measured", never "met".
 */
final class Targets {

    static final double INGEST_SHARE = 0.80;
    static final double CPU_FACTOR = 2.0;
    static final long INGEST_P99_MICROS = 10_000;
    static final double PROCESSOR_SHARE = 0.70;
    static final long ALERT_P99_MICROS = 150_000;
    /** The processor configurations the target names: 1 partition / 1 thread and 4 partitions / 2 threads. */
    static final List<String> PROCESSOR_TAGS = List.of("p1-t1", "p4-t2");

    enum Verdict {
        MET("met"), NOT_MET("**not met**"), NOT_MEASURED("not measured");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        static Verdict of(boolean met) {
            return met ? MET : NOT_MET;
        }
    }

    record Row(String target, String measured, Verdict verdict) {
    }

    private Targets() {
    }

    static List<Row> rows(RunFigures f, List<Webhooks.Format> bodies) {
        List<Row> rows = new ArrayList<>();
        for (Webhooks.Format b : bodies) {
            RunFigures.Ingest i = f.ingest.get(b);
            String target = "ingest ≥ 80 % of the bare handler's best, " + b.label() + " bodies";
            if (i == null) {
                rows.add(notMeasured(target, "ingest"));
            } else {
                double share = i.max() / i.bareMax();
                rows.add(new Row(target, fmt("%.0f %% (%,.0f vs %,.0f req/s)", 100 * share, i.max(), i.bareMax()),
                        verdict(share, share >= INGEST_SHARE)));
            }
        }
        for (Webhooks.Format b : bodies) {
            RunFigures.Ingest i = f.ingest.get(b);
            String target = "ingest CPU per request ≤ 2× the bare handler's at 2,000 req/s, " + b.label() + " bodies";
            rows.add(i == null ? notMeasured(target, "ingest") : cpuRow(target, i.cpuFixed(), i.bareCpuFixed()));
        }
        for (Webhooks.Format b : bodies) {
            RunFigures.Ingest i = f.ingest.get(b);
            String target = "ingest CPU per request ≤ 2× the bare handler's at the max rate (each its own), "
                    + b.label() + " bodies";
            rows.add(i == null ? notMeasured(target, "ingest") : cpuRow(target, i.cpuAtMax(), i.bareCpuAtMax()));
        }
        for (Webhooks.Format b : bodies) {
            RunFigures.Ingest i = f.ingest.get(b);
            String target = "ingest p99 ≤ 10 ms at half of its max rate, " + b.label() + " bodies";
            rows.add(i == null ? notMeasured(target, "ingest") : new Row(target,
                    fmt("%.2f ms at %,.0f req/s", i.halfP99Micros() / 1000.0, i.halfRate()),
                    Verdict.of(i.halfP99Micros() <= INGEST_P99_MICROS)));
        }
        for (String tag : PROCESSOR_TAGS) {
            RunFigures.Processor p = f.processor.get(tag);
            String rate = "processor ≥ 70 % of pass-through, " + tag + ", by rate";
            String cpu = "processor ≥ 70 % of pass-through, " + tag + ", by CPU per event";
            if (p == null) {
                rows.add(notMeasured(rate, "processor"));
                rows.add(notMeasured(cpu, "processor"));
                continue;
            }
            double byRate = p.sessionRate() / p.passRate();
            double byCpu = p.passCpuMicros() / p.sessionCpuMicros();
            rows.add(new Row(rate, fmt("%.0f %% (%,.0f vs %,.0f events/s)", 100 * byRate, p.sessionRate(), p.passRate()),
                    verdict(byRate, byRate >= PROCESSOR_SHARE)));
            rows.add(new Row(cpu, fmt("%.0f %% (%.1f vs %.1f µs per event)", 100 * byCpu, p.sessionCpuMicros(),
                    p.passCpuMicros()), verdict(byCpu, byCpu >= PROCESSOR_SHARE)));
        }
        if (f.alerts.isEmpty()) {
            rows.add(notMeasured("alert p99 ≤ 150 ms at half the max rate", "e2e or alert-commit"));
        }
        for (RunFigures.Alert a : f.alerts) {
            rows.add(new Row(fmt("alert p99 ≤ 150 ms at half the max rate (%s, commit.interval.ms=%d)", a.phase(),
                    a.commitIntervalMs()), fmt("%.0f ms at %,.0f webhooks/s (%s), %,d alerts", a.p99Micros() / 1000.0,
                    a.rate(), a.rateBasis(), a.alerts()),
                    a.alerts() == 0 ? Verdict.NOT_MEASURED : Verdict.of(a.p99Micros() <= ALERT_P99_MICROS)));
        }
        return rows;
    }

    static List<String> markdown(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("### Issue #19 targets in this run");
        lines.add("");
        lines.add("| target | measured | |");
        lines.add("|---|---|---|");
        rows.forEach(r -> lines.add("| " + r.target() + " | " + r.measured() + " | " + r.verdict().text + " |"));
        lines.add("");
        lines.add("Computed from this run's tables below: ingest's share of the bare handler's best max sustained "
                + "rate (the bare handler searched with the first body generation), CPU per request of the server "
                + "JVM (ratio ingest ÷ bare), ingest's p99 in the 50 % latency run; the processor's rate ratio and its "
                + "ratio by CPU per event (pass-through ÷ sessionizing CPU µs per event); alert p99 from the "
                + "end-to-end phase and, when it ran, each commit interval of the alert-commit phase. A target "
                + "whose phase did not run is not measured.");
        lines.add("");
        return lines;
    }

    private static Row cpuRow(String target, double ingest, double bare) {
        double factor = ingest / bare;
        return new Row(target, fmt("%.2f× (%.1f vs %.1f µs)", factor, ingest, bare),
                verdict(factor, factor <= CPU_FACTOR));
    }

    /** A ratio that could not be computed (a probe answered nothing) is not measured. */
    private static Verdict verdict(double ratio, boolean met) {
        return Double.isFinite(ratio) ? Verdict.of(met) : Verdict.NOT_MEASURED;
    }

    private static Row notMeasured(String target, String phase) {
        return new Row(target, "— (phase " + phase + " did not run)", Verdict.NOT_MEASURED);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

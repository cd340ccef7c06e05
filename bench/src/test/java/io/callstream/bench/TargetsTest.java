package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

    private static final List<Webhooks.Format> BOTH = List.of(Webhooks.Format.V1, Webhooks.Format.V4);

    private static RunFigures figures() {
        RunFigures f = new RunFigures();
        // v1: 85 % of bare, CPU 1.5× at 2,000/s and 2.5× at max, p99 8 ms at half max
        f.ingest.put(Webhooks.Format.V1, new RunFigures.Ingest(60_000, 51_000, 20, 30, 10, 25, 25_500, 8_000));
        // v4: 50 % of bare, CPU 3× at 2,000/s and 2× at max, p99 12 ms at half max
        f.ingest.put(Webhooks.Format.V4, new RunFigures.Ingest(60_000, 30_000, 20, 60, 10, 20, 15_000, 12_000));
        f.processor.put("p1-t1", new RunFigures.Processor(70_000, 100_000, 20, 14));
        f.processor.put("p1-t2", new RunFigures.Processor(1, 100_000, 1, 1));
        f.processor.put("p4-t2", new RunFigures.Processor(60_000, 100_000, 10, 8));
        f.alerts.add(new RunFigures.Alert("end-to-end phase", 100, 1_000, "half of the pipeline's max", 120_000, 500));
        f.alerts.add(new RunFigures.Alert("alert-commit phase", 25, 1_000, "half of the pipeline's max", 151_000, 500));
        return f;
    }

    private static Targets.Row row(List<Targets.Row> rows, String target) {
        return rows.stream().filter(r -> r.target().equals(target)).findFirst().orElseThrow();
    }

    @Test
    void shouldJudgeIngestShareOfBareHandlerPerBodyGenerationWhenIngestRan() {
        List<Targets.Row> rows = Targets.rows(figures(), BOTH);

        Targets.Row v1 = row(rows, "ingest ≥ 80 % of the bare handler's best, v1 bodies");
        assertThat(v1.measured()).startsWith("85 %").contains("51,000 vs 60,000 req/s");
        assertThat(v1.verdict()).isEqualTo(Targets.Verdict.MET);
        assertThat(row(rows, "ingest ≥ 80 % of the bare handler's best, v4 bodies").verdict())
                .isEqualTo(Targets.Verdict.NOT_MET);
    }

    @Test
    void shouldJudgeCpuPerRequestAtTheFixedRateAndAtTheMaxSeparatelyWhenIngestRan() {
        List<Targets.Row> rows = Targets.rows(figures(), BOTH);

        Targets.Row fixedV1 = row(rows, "ingest CPU per request ≤ 2× the bare handler's at 2,000 req/s, v1 bodies");
        assertThat(fixedV1.measured()).startsWith("1.50×");
        assertThat(fixedV1.verdict()).isEqualTo(Targets.Verdict.MET);
        Targets.Row maxV1 = row(rows,
                "ingest CPU per request ≤ 2× the bare handler's at the max rate (each its own), v1 bodies");
        assertThat(maxV1.measured()).startsWith("2.50×");
        assertThat(maxV1.verdict()).isEqualTo(Targets.Verdict.NOT_MET);
        assertThat(row(rows, "ingest CPU per request ≤ 2× the bare handler's at 2,000 req/s, v4 bodies").verdict())
                .isEqualTo(Targets.Verdict.NOT_MET);
        // exactly 2× meets "≤ 2×"
        assertThat(row(rows, "ingest CPU per request ≤ 2× the bare handler's at the max rate (each its own), v4 bodies")
                .verdict()).isEqualTo(Targets.Verdict.MET);
    }

    @Test
    void shouldJudgeIngestP99AtHalfMaxAgainstTenMillisecondsWhenIngestRan() {
        List<Targets.Row> rows = Targets.rows(figures(), BOTH);

        Targets.Row v1 = row(rows, "ingest p99 ≤ 10 ms at half of its max rate, v1 bodies");
        assertThat(v1.measured()).isEqualTo("8.00 ms at 25,500 req/s");
        assertThat(v1.verdict()).isEqualTo(Targets.Verdict.MET);
        assertThat(row(rows, "ingest p99 ≤ 10 ms at half of its max rate, v4 bodies").verdict())
                .isEqualTo(Targets.Verdict.NOT_MET);
    }

    @Test
    void shouldJudgeProcessorByRateAndByCpuOnlyForTheNamedConfigurationsWhenProcessorRan() {
        List<Targets.Row> rows = Targets.rows(figures(), BOTH);

        assertThat(row(rows, "processor ≥ 70 % of pass-through, p1-t1, by rate").verdict())
                .isEqualTo(Targets.Verdict.MET);
        Targets.Row cpu = row(rows, "processor ≥ 70 % of pass-through, p1-t1, by CPU per event");
        assertThat(cpu.measured()).startsWith("70 %").contains("20.0 vs 14.0 µs");
        assertThat(cpu.verdict()).isEqualTo(Targets.Verdict.MET);
        assertThat(row(rows, "processor ≥ 70 % of pass-through, p4-t2, by rate").verdict())
                .isEqualTo(Targets.Verdict.NOT_MET);
        assertThat(row(rows, "processor ≥ 70 % of pass-through, p4-t2, by CPU per event").measured()).startsWith("80 %");
        assertThat(rows).noneMatch(r -> r.target().contains("p1-t2"));
    }

    @Test
    void shouldListEveryAlertRunWithItsIntervalWhenAlertPhasesRan() {
        List<Targets.Row> rows = Targets.rows(figures(), BOTH);

        assertThat(row(rows, "alert p99 ≤ 150 ms at half the max rate (end-to-end phase, commit.interval.ms=100)")
                .verdict()).isEqualTo(Targets.Verdict.MET);
        Targets.Row ac = row(rows, "alert p99 ≤ 150 ms at half the max rate (alert-commit phase, commit.interval.ms=25)");
        assertThat(ac.measured()).startsWith("151 ms at 1,000 webhooks/s");
        assertThat(ac.verdict()).isEqualTo(Targets.Verdict.NOT_MET);
    }

    @Test
    void shouldSayNotMeasuredNeverMetWhenAPhaseDidNotRun() {
        List<Targets.Row> rows = Targets.rows(new RunFigures(), BOTH);

        assertThat(rows).isNotEmpty().allMatch(r -> r.verdict() == Targets.Verdict.NOT_MEASURED);
        assertThat(rows).extracting(Targets.Row::target).contains(
                "ingest ≥ 80 % of the bare handler's best, v4 bodies",
                "processor ≥ 70 % of pass-through, p4-t2, by CPU per event",
                "alert p99 ≤ 150 ms at half the max rate");
    }

    @Test
    void shouldSayNotMeasuredWhenAProbeAnsweredNothing() {
        RunFigures f = new RunFigures();
        f.ingest.put(Webhooks.Format.V1, new RunFigures.Ingest(60_000, 51_000, 20, Double.NaN, 10, 25, 25_500, 8_000));

        assertThat(row(Targets.rows(f, List.of(Webhooks.Format.V1)),
                "ingest CPU per request ≤ 2× the bare handler's at 2,000 req/s, v1 bodies").verdict())
                .isEqualTo(Targets.Verdict.NOT_MEASURED);
    }

    @Test
    void shouldWriteOneTableRowPerTargetWhenRenderedAsMarkdown() {
        List<Targets.Row> rows = Targets.rows(figures(), BOTH);

        List<String> md = Targets.markdown(rows);

        assertThat(md).contains("| target | measured | |");
        assertThat(md.stream().filter(l -> l.startsWith("| ") && !l.startsWith("| target"))).hasSize(rows.size());
        assertThat(md).anyMatch(l -> l.endsWith("| **not met** |")).anyMatch(l -> l.endsWith("| met |"));
    }
}

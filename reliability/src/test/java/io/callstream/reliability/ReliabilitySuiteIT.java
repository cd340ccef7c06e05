package io.callstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.reliability.chaos.ChaosRun;
import io.callstream.reliability.chaos.Fault;
import io.callstream.reliability.fuzz.HttpFuzz;
import io.callstream.reliability.probes.AdminProbes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short variant of reliability/run.sh, so that mvn verify catches regressions: the real local
 * stack (broker, registry, ingest, processor, callbacks as child JVMs), 5,000 fuzz requests, the
 * admin- and records-API probes and one fault under load (processor SIGKILL and restart).
 */
class ReliabilitySuiteIT {

    @TempDir
    static Path data;

    static ReliabilitySuite.Results results;

    @BeforeAll
    static void runSuite() {
        results = ReliabilitySuite.run(new SuiteOptions(5_000, 16, true, List.of(Fault.PROCESSOR_KILL), 300, 150, 0, 0,
                42, data.resolve("stack"), data.resolve("report.md"), "384m"));
    }

    @Test
    void shouldAnswerEveryWholeRequestWithoutServerErrorWhenFuzzed() {
        HttpFuzz.Result f = results.fuzz();
        assertThat(f.unansweredExamples()).isEmpty();
        assertThat(f.server5xxExamples()).isEmpty();
        assertThat(f.unanswered()).isZero();
        assertThat(f.abortedWithRecord()).isZero();
        assertThat(f.server5xx()).isZero();
    }

    @Test
    void shouldDeadLetterEveryDeadLetteringAnswerWhenFuzzed() {
        HttpFuzz.Result f = results.fuzz();
        assertThat(f.deadLetterable()).isPositive();
        assertThat(f.missingDeadLetterExamples()).isEmpty();
        assertThat(f.deadLettersFound()).isEqualTo(f.deadLetterable());
    }

    @Test
    void shouldWriteEveryAcknowledgedWebhookWhenFuzzed() {
        HttpFuzz.Result f = results.fuzz();
        assertThat(f.validSent()).isPositive();
        assertThat(f.validAccepted() + f.valid503()).isEqualTo(f.validSent());
        assertThat(f.missingRecordExamples()).isEmpty();
        assertThat(f.acceptedRecordsFound()).isEqualTo(f.accepted());
    }

    @Test
    void shouldKeepEveryServiceRunningWhenFuzzedAndProbed() {
        assertThat(results.crashes()).isEmpty();
    }

    @Test
    void shouldAnswerEveryAdminProbeAsDocumentedExceptTheKnownOpenFindings() {
        List<String> failed = results.probes().stream().filter(p -> !p.passed())
                .filter(p -> !KnownFindings.isOpen(p)).map(p -> p.group() + ": " + p.name() + " → " + p.code()).toList();
        assertThat(results.probes()).isNotEmpty();
        assertThat(failed).isEmpty();
    }

    @Test
    void shouldAnswerEveryRecordsProbeAsDocumentedWhenTheRecordsApiIsProbed() {
        List<AdminProbes.Probe> records = results.probes().stream().filter(p -> p.group().startsWith("records/")).toList();
        List<String> failed = records.stream().filter(p -> !p.passed()).filter(p -> !KnownFindings.isOpen(p))
                .map(p -> p.group() + ": " + p.name() + " → HTTP " + p.status() + ", " + p.code() + " " + p.note()).toList();
        assertThat(records).hasSizeGreaterThan(40);
        assertThat(failed).isEmpty();
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenProcessorIsKilledUnderLoad() {
        ChaosRun.Result c = results.chaos().get(0);
        assertThat(c.error()).isNull();
        assertThat(c.load().acknowledged()).isEqualTo(c.load().sent());
        assertThat(c.eventRecords()).isGreaterThanOrEqualTo(c.load().acknowledged());
        assertThat(c.mismatches()).isEmpty();
        assertThat(c.missingSummaries()).isZero();
        assertThat(c.duplicateSummaries()).isZero();
        assertThat(c.duplicateAlerts()).isZero();
    }
}

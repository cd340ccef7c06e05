package io.callstream.bench;

/** Processor throughput against a pass-through topology, and end-to-end latency (needs the processor module). */
final class ProcessorPhases {

    private final BenchSuite suite;

    ProcessorPhases(BenchSuite suite) {
        this.suite = suite;
    }

    void throughput() {
        BenchSuite.progress("processor throughput: not wired yet");
    }

    void endToEnd() {
        BenchSuite.progress("end-to-end latency: not wired yet");
    }
}

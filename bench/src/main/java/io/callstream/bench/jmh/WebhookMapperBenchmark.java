package io.callstream.bench.jmh;

import io.callstream.avro.CallEvent;
import io.callstream.bench.Webhooks;
import io.callstream.ingest.mapping.Webhook;
import io.callstream.ingest.mapping.WebhookMapper;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Ingest's mapping hot path: a webhook body (JSON bytes) to a CallEvent, eventId (SHA-256) included. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class WebhookMapperBenchmark {

    private WebhookMapper mapper;
    private Webhook webhook;

    @Setup
    public void setUp() {
        mapper = new WebhookMapper(Clock.systemUTC());
        webhook = new Webhook(1_400_000_001L, "caller_start_call", "127.0.0.1", "iOS",
                new Webhooks(1).body(0).getBytes());
    }

    @Benchmark
    public CallEvent mapWebhook() {
        return mapper.map(webhook);
    }
}

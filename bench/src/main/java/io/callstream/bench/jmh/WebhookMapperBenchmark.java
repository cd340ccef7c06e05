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

/**
 * Ingest's mapping hot path: a webhook body (JSON bytes) to a CallEvent, eventId (SHA-256) included;
 * a v1 event callback ({@code start_call}) and the largest v4 callback ({@code Call.CallbackAfterEndCall}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class WebhookMapperBenchmark {

    private WebhookMapper mapper;
    private Webhook webhook;
    private Webhook v4EndCall;

    @Setup
    public void setUp() {
        mapper = new WebhookMapper(Clock.systemUTC());
        webhook = new Webhook(1_400_000_001L, "caller_start_call", "127.0.0.1", "iOS",
                new Webhooks(1).body(0).getBytes());
        v4EndCall = new Webhook(1_400_000_001L, "Call.CallbackAfterEndCall", "127.0.0.1", "iOS",
                new Webhooks(1, Webhooks.Format.V4).body(3).getBytes());
    }

    @Benchmark
    public CallEvent mapWebhook() {
        return mapper.map(webhook);
    }

    @Benchmark
    public CallEvent mapV4EndCall() {
        return mapper.map(v4EndCall);
    }
}

package io.callstream.bench.jmh;

import io.callstream.avro.CallEvent;
import io.callstream.schemas.Topics;
import io.callstream.schemas.serde.AvroSerde;
import java.util.Map;
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

/** The Avro hot path of ingest and processor: CallEvent to Confluent wire format and back (warm caches). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AvroSerdeBenchmark {

    private AvroSerde<CallEvent> serde;
    private CallEvent event;
    private byte[] bytes;

    @Setup
    public void setUp() {
        serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", "mock://jmh"));
        event = io.callstream.bench.ProducerLoop.event("jmh-call-0001");
        bytes = serde.serializer().serialize(Topics.CALL_EVENTS, event);
    }

    @Benchmark
    public byte[] serializeCallEvent() {
        return serde.serializer().serialize(Topics.CALL_EVENTS, event);
    }

    @Benchmark
    public CallEvent deserializeCallEvent() {
        return serde.deserializer().deserialize(Topics.CALL_EVENTS, bytes);
    }
}

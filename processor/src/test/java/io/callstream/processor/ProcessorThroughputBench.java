package io.callstream.processor;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_ACCEPTED;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static org.awaitility.Awaitility.await;

import io.callstream.avro.CallEvent;
import io.callstream.schemas.serde.AvroSerde;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in throughput check (not part of {@code mvn verify}; run with
 * {@code mvn -pl processor verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ProcessorThroughputBench}):
 * the sessionizing processor against a pass-through topology on the same preloaded topic, both
 * exactly_once_v2, one stream thread. Logs events/s; asserts nothing about speed.
 */
class ProcessorThroughputBench {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorThroughputBench.class);
    private static final int CALLS = Integer.getInteger("bench.calls", 40_000);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    @Test
    void shouldReportEventsPerSecondWhenSessionizingComparedToPassThrough() throws Exception {
        String topic = "bench-events";
        KAFKA.createTopics(1, topic, "bench-passthrough-out", "bench-summaries", "bench-alerts", "bench-dlq");
        long events = preload(topic);

        double passThrough = passThrough(topic, events);
        double sessionizing = sessionizing(topic, events);
        LOG.info("BENCH {} events ({} calls): pass-through {} events/s, sessionizing {} events/s ({}% of pass-through)",
                events, CALLS, Math.round(passThrough), Math.round(sessionizing), Math.round(100 * sessionizing / passThrough));
    }

    private long preload(String topic) {
        Map<String, Object> props = new HashMap<>(KAFKA.producerProps());
        props.put("linger.ms", "5");
        props.put("batch.size", "65536");
        long n = 0;
        try (KafkaProducer<String, CallEvent> p = new KafkaProducer<>(props, new StringSerializer(),
                AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", REGISTRY.url())).serializer())) {
            for (int i = 0; i < CALLS; i++) {
                String id = "bench-" + i;
                for (CallEvent e : new CallEvent[] {caller(id, "alice", START_CALL, 0), callee(id, "bob", RECEIVE_CALL, 1),
                        callee(id, "bob", ACCEPT_CALL, 5), caller(id, "alice", CALL_ACCEPTED, 5),
                        caller(id, "alice", CALL_END, 65), callee(id, "bob", CALL_END, 65)}) {
                    p.send(new ProducerRecord<>(topic, id, e));
                    n++;
                }
            }
            p.flush();
        }
        return n;
    }

    private double passThrough(String topic, long events) throws Exception {
        AtomicLong seen = new AtomicLong();
        Topology t = new Topology();
        t.addSource("src", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topic);
        t.addProcessor("count", () -> new Processor<byte[], byte[], byte[], byte[]>() {
            private ProcessorContext<byte[], byte[]> ctx;

            @Override
            public void init(ProcessorContext<byte[], byte[]> context) {
                ctx = context;
            }

            @Override
            public void process(Record<byte[], byte[]> record) {
                seen.incrementAndGet();
                ctx.forward(record);
            }
        }, "src");
        t.addSink("sink", "bench-passthrough-out", new ByteArraySerializer(), new ByteArraySerializer(), "count");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-pt-" + UUID.randomUUID());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-pt").toString());
        try (KafkaStreams streams = new KafkaStreams(t, p)) {
            streams.start();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() -> seen.get() > 0);
            long t0 = System.nanoTime();
            long first = seen.get();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() -> seen.get() >= events);
            return (events - first) / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private double sessionizing(String topic, long events) throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("application.id", "bench-proc-" + UUID.randomUUID());
        c.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        c.put("schema.registry.url", REGISTRY.url());
        c.put("topic.call-events", topic);
        c.put("topic.call-summaries", "bench-summaries");
        c.put("topic.missed-call-alerts", "bench-alerts");
        c.put("topic.call-events-dlq", "bench-dlq");
        c.put("processor.host", "127.0.0.1");
        c.put("processor.port", "0");
        c.put("state.dir", Files.createTempDirectory("bench-proc").toString());
        try (ProcessorApp app = ProcessorApp.start(ProcessorConfig.of(c))) {
            var summaries = app.meterRegistry().find("callstream.processor.summaries").counters();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> summaries.stream().mapToDouble(x -> x.count()).sum() > 0);
            long t0 = System.nanoTime();
            double first = summaries.stream().mapToDouble(x -> x.count()).sum();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> summaries.stream().mapToDouble(x -> x.count()).sum() >= CALLS);
            return (CALLS - first) * 6 / ((System.nanoTime() - t0) / 1e9);
        }
    }
}

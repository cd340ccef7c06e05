package io.callstream.bench;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The broker's ceiling: a raw idempotent {@code acks=all} producer loop sending CallEvent records
 * (Avro, Confluent wire format, the same bytes ingest writes) as fast as acks come back.
 */
public final class ProducerLoop {

    private ProducerLoop() {
    }

    /** Sends {@code count} records to {@code topic}; returns acknowledged records per second. */
    public static double run(String bootstrap, String registryUrl, String topic, long count) throws Exception {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", registryUrl));
        byte[][] values = new byte[1000][];
        for (int i = 0; i < values.length; i++) {
            values[i] = serde.serializer().serialize(topic, event("bench-" + i));
        }
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        Semaphore window = new Semaphore(20_000);
        AtomicLong failed = new AtomicLong();
        long start;
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic);
            start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                window.acquire();
                producer.send(new ProducerRecord<>(topic, "bench-" + (i % 1000), values[(int) (i % 1000)]), (md, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                    window.release();
                });
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " sends failed");
        }
        return count / seconds;
    }

    /** A realistic CallEvent (a caller's start_call with all timestamps set). */
    public static CallEvent event(String callId) {
        Instant t = Instant.ofEpochSecond(1_764_000_000L);
        return CallEvent.newBuilder().setEventId(callId + "-e").setSdkAppId(1_400_000_001L).setCallId(callId)
                .setRoomId("room").setUserId("alice").setRole(CallRole.CALLER).setEvent(CallEventType.START_CALL)
                .setCommand("caller_start_call").setCallType(CallType.SINGLE).setMediaType(MediaType.AUDIO)
                .setTotalNum(2).setCallResult("").setEventTime(t).setStartCallTime(t).setAcceptTime(t.plusSeconds(2))
                .setEndTime(t.plusSeconds(5)).setPlatform("iOS").setClientIp("127.0.0.1").setReceivedAt(t)
                .setExtra(Map.of()).build();
    }
}

package io.callstream.bench;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes realistic CallEvents to a topic: 70 % answered 1:1 calls (six callbacks from both sides),
 * 30 % missed calls (four callbacks), keyed by callId, event times of today.
 */
final class CallEventsPreload {

    private static final List<Object[]> ANSWERED = List.of(
            new Object[] {CallRole.CALLER, CallEventType.START_CALL, 0}, new Object[] {CallRole.CALLEE, CallEventType.RECEIVE_CALL, 0},
            new Object[] {CallRole.CALLEE, CallEventType.ACCEPT_CALL, 3}, new Object[] {CallRole.CALLER, CallEventType.CALL_ACCEPTED, 3},
            new Object[] {CallRole.CALLER, CallEventType.CALL_END, 60}, new Object[] {CallRole.CALLEE, CallEventType.CALL_END, 60});
    private static final List<Object[]> MISSED = List.of(
            new Object[] {CallRole.CALLER, CallEventType.START_CALL, 0}, new Object[] {CallRole.CALLEE, CallEventType.RECEIVE_CALL, 0},
            new Object[] {CallRole.CALLEE, CallEventType.NOT_ANSWER_CALL, 30}, new Object[] {CallRole.CALLER, CallEventType.CALL_MISSED, 30});

    private CallEventsPreload() {
    }

    /** Writes calls until {@code events} events are written; returns the number of calls. */
    static long write(String bootstrap, String registryUrl, String topic, long events, String prefix) throws Exception {
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of("schema.registry.url", registryUrl));
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        Semaphore window = new Semaphore(50_000);
        long written = 0;
        long calls = 0;
        Instant base = Instant.now().minusSeconds(3600);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
            while (written < events) {
                String callId = prefix + "-" + calls;
                List<Object[]> flow = calls % 10 < 7 ? ANSWERED : MISSED;
                Instant start = base.plusMillis(calls);
                for (int e = 0; e < flow.size() && written < events; e++) {
                    Object[] f = flow.get(e);
                    CallEvent event = event(callId, e, (CallRole) f[0], (CallEventType) f[1],
                            start.plusSeconds((Integer) f[2]), start);
                    window.acquire();
                    producer.send(new ProducerRecord<>(topic, callId, event), (md, ex) -> window.release());
                    written++;
                }
                calls++;
            }
            producer.flush();
        }
        return calls;
    }

    static CallEvent event(String callId, int n, CallRole role, CallEventType type, Instant at, Instant start) {
        String user = role == CallRole.CALLER ? "alice-" + callId : "bob-" + callId;
        return CallEvent.newBuilder().setEventId(callId + "-" + n).setSdkAppId(1_400_000_001L).setCallId(callId)
                .setRoomId("room-" + callId).setUserId(user).setRole(role).setEvent(type).setCommand(null)
                .setCallType(CallType.SINGLE).setMediaType(MediaType.AUDIO).setTotalNum(2)
                .setCallResult(type == CallEventType.CALL_END ? "normal_end" : "").setEventTime(at)
                .setStartCallTime(start).setAcceptTime(null).setEndTime(null).setPlatform("iOS")
                .setClientIp("127.0.0.1").setReceivedAt(at).setExtra(Map.of()).build();
    }
}

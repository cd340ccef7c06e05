package io.callstream.callbacks.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays an app's dead letters: reads {@code callback-deliveries-dlq} from the first record at or after
 * {@code from} up to its current end, and parks every undelivered callback of the app that failed in
 * [{@code from}, {@code to}) on the retry topic, due now, with its attempts starting again; delivery then
 * sends it (with its original {@code webhook-id}). Records that are not callbacks (records dead-lettered
 * unhandled) are skipped. Blocking: run it off the event loop.
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> kafka;
    private final String dlqTopic;
    private final String retryTopic;
    private final Clock clock;

    public DeadLetterReplay(Map<String, Object> kafka, String dlqTopic, String retryTopic, Clock clock) {
        this.kafka = kafka;
        this.dlqTopic = dlqTopic;
        this.retryTopic = retryTopic;
        this.clock = clock;
    }

    /** Parks the app's dead letters that failed in [from, to); returns how many, at most {@code limit}. */
    public int replay(long sdkAppId, Instant from, Instant to, int limit) {
        Map<String, Object> c = new HashMap<>(kafka);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        int replayed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(dlqTopic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            Map<TopicPartition, Long> times = new HashMap<>();
            parts.forEach(tp -> times.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts, Duration.ofSeconds(10));
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp start = starts.get(tp);
                consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
            }
            while (replayed < limit && parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition())) || r.timestamp() >= to.toEpochMilli()
                            || replayed >= limit) {
                        continue;
                    }
                    Parked parked = parked(sdkAppId, r.value());
                    if (parked != null) {
                        producer.send(new ProducerRecord<>(retryTopic, parked.request().callId(), parked.toJson()));
                        replayed++;
                    }
                }
            }
            producer.flush();
        }
        LOG.info("replayed {} dead-lettered callbacks of SDKAppID {} ({} .. {})", replayed, sdkAppId, from, to);
        return replayed;
    }

    private Parked parked(long sdkAppId, String value) {
        try {
            JsonNode n = JSON.readTree(value);
            if (n == null || n.path("sdkAppId").asLong(-1) != sdkAppId || !n.hasNonNull("url")) {
                return null;
            }
            String body = n.hasNonNull("bodyText") ? n.get("bodyText").asText() : n.path("body").toString();
            CallbackRequest request = new CallbackRequest(sdkAppId, n.path("callId").asText(), n.path("eventId").asText(),
                    n.path("address").asText(), n.path("command").asText(), URI.create(n.get("url").asText()), body);
            long now = clock.millis();
            return new Parked(Parked.RETRY, UUID.randomUUID().toString(), request, 0, now, now, "replayed from the dead letters", 0);
        } catch (Exception e) {
            return null;
        }
    }
}

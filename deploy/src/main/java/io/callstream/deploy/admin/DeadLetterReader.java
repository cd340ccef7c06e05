package io.callstream.deploy.admin;

import io.callstream.avro.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code call-events-dlq} once, from the first record at or after {@code since} (by record
 * timestamp) to the end as it was when reading began, committed records only, without a consumer
 * group (no offsets are committed). A value that cannot be decoded is handed on as such, so one bad
 * record does not stop an inspection.
 */
final class DeadLetterReader {

    /** One record of the topic: its position and either the decoded letter or why it could not be decoded. */
    record Letter(int partition, long offset, long timestamp, String key, DeadLetter value, byte[] raw, String error) {
    }

    /** Which letters: {@code deadLetteredAt} in [since, until), reasons and sources (empty: all), at most {@code limit}. */
    record Selection(Optional<Instant> since, Optional<Instant> until, Set<String> reasons, Set<String> sources,
                     long limit) {

        boolean accepts(DeadLetter d) {
            Instant at = d.getDeadLetteredAt();
            return since.map(s -> !at.isBefore(s)).orElse(true)
                    && until.map(u -> at.isBefore(u)).orElse(true)
                    && (reasons.isEmpty() || reasons.contains(d.getReason()))
                    && (sources.isEmpty() || sources.contains(d.getSource().name()));
        }
    }

    private final Map<String, Object> clientProps;
    private final String topic;

    DeadLetterReader(Map<String, Object> clientProps, String topic) {
        this.clientProps = clientProps;
        this.topic = topic;
    }

    /** Hands every record from {@code since} to the current end to {@code sink}, in partition then offset order. */
    void read(Optional<Instant> since, Deserializer<DeadLetter> values, Consumer<Letter> sink) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).sorted(
                            java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            if (since.isPresent()) {
                Map<TopicPartition, Long> times = new HashMap<>();
                partitions.forEach(p -> times.put(p, since.get().toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, Duration.ofSeconds(30));
                partitions.forEach(p -> consumer.seek(p, Optional.ofNullable(found.get(p))
                        .map(OffsetAndTimestamp::offset).orElse(end.get(p))));
            } else {
                consumer.seekToBeginning(partitions);
            }
            for (TopicPartition p : partitions) {
                consumer.pause(List.of(p));
            }
            for (TopicPartition p : partitions) {
                consumer.resume(List.of(p));
                while (consumer.position(p, Duration.ofSeconds(30)) < end.get(p)) {
                    consumer.poll(Duration.ofMillis(500)).records(p).forEach(r -> {
                        if (r.offset() < end.get(p)) {
                            sink.accept(decode(r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), values));
                        }
                    });
                }
                consumer.pause(List.of(p));
            }
        }
    }

    private Letter decode(int partition, long offset, long timestamp, String key, byte[] raw,
                          Deserializer<DeadLetter> values) {
        try {
            DeadLetter d = raw == null ? null : values.deserialize(topic, raw);
            return new Letter(partition, offset, timestamp, key, d, raw, d == null ? "tombstone" : null);
        } catch (RuntimeException e) {
            return new Letter(partition, offset, timestamp, key, null, raw, "undecodable: " + e.getMessage());
        }
    }
}

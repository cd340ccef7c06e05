package io.callstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topics created by KafkaTopics carry their own min.insync.replicas, whatever the cluster's default. */
class KafkaTopicsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** Before the fix the topic had none of its own: "acks=all means never lost" rested on the broker default. */
    @Test
    void shouldSetMinInsyncReplicasOnTheTopicWhenCreatingIt() throws Exception {
        KafkaTopics.create(KAFKA.bootstrapServers(), 2, Map.of(), List.of("isr-topic"));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "isr-topic");
            ConfigEntry entry = admin.describeConfigs(List.of(topic)).all().get().get(topic).get("min.insync.replicas");
            assertThat(entry.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(entry.value()).isEqualTo("1");
            assertThat(admin.describeTopics(List.of("isr-topic")).allTopicNames().get().get("isr-topic").partitions())
                    .hasSize(2).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
        }
    }

    @Test
    void shouldKeepTheCallersMinInsyncReplicasWhenGiven() throws Exception {
        KafkaTopics.create(KAFKA.bootstrapServers(), 1, Map.of("min.insync.replicas", "1", "cleanup.policy", "compact"),
                List.of("isr-given"));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "isr-given");
            var config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }
}

package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.avro.CallEvent;
import io.callstream.avro.MissedCallAlert;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.config.Settings;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code bin/callstream-setup} (the Kubernetes setup Job) against a real broker and registry. */
class SetupMainIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    @Test
    void shouldCreateTheTopicsAndRegisterTheirSchemasWhenRunTwice() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "CALLSTREAM_SCHEMA_REGISTRY_URL", REGISTRY.url(), "CALLSTREAM_PARTITIONS", "6",
                "CALLSTREAM_TOPIC_CALL_EVENTS", "events-" + id, "CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", "dlq-" + id,
                "CALLSTREAM_TOPIC_CALL_SUMMARIES", "summaries-" + id, "CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", "alerts-" + id);
        Settings settings = Settings.load(StackConfig.defaults(), Optional.empty(), env);

        List<String> first = SetupMain.run(settings);
        List<String> second = SetupMain.run(settings);

        assertThat(first.get(0)).startsWith("topics: created [").contains("events-" + id, "alerts-" + id);
        assertThat(second.get(0)).startsWith("topics: created [] of ");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("events-" + id, "dlq-" + id,
                    "summaries-" + id, "alerts-" + id)).allTopicNames().get();
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(6));
        }
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", REGISTRY.url()))) {
            assertThat(fingerprint(registry.latest("events-" + id + "-value").schema()))
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(CallEvent.getClassSchema()));
            assertThat(fingerprint(registry.latest("alerts-" + id + "-value").schema()))
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(MissedCallAlert.getClassSchema()));
        }
        assertThat(first.subList(1, first.size())).hasSize(4).allMatch(l -> l.startsWith("schema ") && l.contains(": id "));
        assertThat(second.subList(1, second.size())).isEqualTo(first.subList(1, first.size()));
    }

    private static long fingerprint(String schema) {
        return SchemaNormalization.parsingFingerprint64(new Schema.Parser().parse(schema));
    }

    @Test
    void shouldRefuseToRunWhenNoClusterIsNamed() {
        Settings settings = Settings.load(StackConfig.defaults(), Optional.empty(), Map.of());

        assertThatThrownBy(() -> SetupMain.run(settings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS");
    }
}

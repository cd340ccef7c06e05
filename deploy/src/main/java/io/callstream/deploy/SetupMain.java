package io.callstream.deploy;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.MissedCallAlert;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.config.Settings;
import io.callstream.schemas.registry.RegistryConfig;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.testkit.KafkaTopics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * {@code bin/callstream-setup}: prepares an existing cluster for the pipeline. Creates the missing
 * topics (call-events, call-events-dlq, call-summaries, missed-call-alerts; names from {@code topic.*})
 * with {@code partitions} partitions through {@link KafkaTopics} (the cluster's replication factor,
 * {@code min.insync.replicas} = min(2, it)), then, when {@code schema.registry.url} is set, registers
 * each topic's value schema under {@code <topic>-value} (for registries that refuse auto-registration).
 * Callbacks creates its own two topics. Keys as the local stack reads them ({@link StackConfig}); the
 * Kubernetes setup Job runs this. An interim tool until the admin CLI of issue #15.
 * Exit codes: 0 done, 1 the cluster or registry refused, 2 bad configuration.
 */
public final class SetupMain {

    private SetupMain() {
    }

    public static void main(String[] args) {
        ToolConfig.quietLogging();
        try {
            run(Settings.load(StackConfig.defaults())).forEach(System.out::println);
        } catch (IllegalArgumentException e) {
            System.err.println("callstream-setup: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("callstream-setup: failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Creates the missing topics, registers the schemas when a registry is set; returns what it did, a line each. */
    static List<String> run(Settings settings) {
        StackConfig config = StackConfig.from(settings);
        if (config.embeddedKafka()) {
            throw new IllegalArgumentException("missing required setting kafka.bootstrap.servers (environment variable "
                    + Settings.envName("kafka.bootstrap.servers") + ")");
        }
        List<String> report = new ArrayList<>();
        List<String> created = KafkaTopics.create(config.kafkaClient(), config.partitions(), Map.of(), config.topics());
        report.add("topics: created " + created + " of " + config.topics() + " (the others existed)");
        if (!config.embeddedRegistry()) {
            try (SchemaRegistryClient registry = SchemaRegistryClients.create(registryProperties(settings))) {
                schemas(config).forEach((subject, schema) -> report.add("schema " + subject + ": id "
                        + registry.register(subject, schema)));
            }
        }
        return report;
    }

    /** Subject ({@code <topic>-value}, the topic-name strategy) → the schema the services write. */
    static Map<String, Schema> schemas(StackConfig config) {
        Map<String, Schema> s = new LinkedHashMap<>();
        s.put(config.topicCallEvents() + "-value", CallEvent.getClassSchema());
        s.put(config.topicCallEventsDlq() + "-value", DeadLetter.getClassSchema());
        s.put(config.topicCallSummaries() + "-value", CallSummary.getClassSchema());
        s.put(config.topicMissedCallAlerts() + "-value", MissedCallAlert.getClassSchema());
        return s;
    }

    /** {@code schema.registry.*} settings (URL, timeouts) and credentials for the registry client. */
    static Map<String, Object> registryProperties(Settings settings) {
        Map<String, Object> p = new LinkedHashMap<>();
        settings.withPrefix("schema.registry.").forEach((k, v) -> p.put("schema.registry." + k, v));
        for (String key : List.of(RegistryConfig.BASIC_AUTH_USER_INFO, RegistryConfig.BEARER_AUTH_TOKEN)) {
            settings.optional(key).ifPresent(v -> p.put(key, v));
        }
        return p;
    }
}

package io.callstream.deploy.admin;

import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.TopicReplication;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code callstream-admin topics create}: creates the missing topics of the pipeline and of callbacks. */
@Command(name = "topics", description = "Kafka topics.", mixinStandardHelpOptions = true,
        subcommands = TopicsCommand.Create.class)
final class TopicsCommand extends Group {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates the missing topics: call-events, call-summaries, missed-call-alerts, call-participants,"
                + " call-events-dlq (names from topic.* settings) and callbacks' callback-config (compacted, 1 partition),"
                + " callback-deliveries-dlq and callback-deliveries-retry. Existing topics are kept as they are"
                + " (their partition count is printed).",
                "Replication: the cluster's default.replication.factor (at most the brokers); min.insync.replicas ="
                + " min(2, replication factor), unless given."})
    static final class Create implements java.util.concurrent.Callable<Integer> {

        @Mixin
        Connection connection;
        @Spec
        CommandSpec spec;

        @Option(names = "--partitions", paramLabel = "N",
                description = "Partitions of every topic but callback-config (default: the `partitions` setting, 4)."
                        + " Caps the processor's parallelism: choose for the largest scale.")
        Integer partitions;
        @Option(names = "--replication-factor", paramLabel = "N", description = "Default: the cluster's.")
        Short replicationFactor;
        @Option(names = "--min-insync-replicas", paramLabel = "N", description = "Default: min(2, replication factor).")
        Integer minInsyncReplicas;
        @Option(names = "--retention", paramLabel = "DURATION", converter = TimeArgs.DurationConverter.class,
                description = "retention.ms of the data topics, e.g. 7d (default: the broker's).")
        Duration retention;
        @Option(names = "--dlq-retention", paramLabel = "DURATION", converter = TimeArgs.DurationConverter.class,
                description = "retention.ms of the dead-letter topics, e.g. 30d (default: the broker's).")
        Duration dlqRetention;
        @Option(names = "--topic-config", paramLabel = "KEY=VALUE", description = "Another topic config for every topic.")
        Map<String, String> extraConfigs = Map.of();
        @Option(names = "--no-callbacks", negatable = false, description = "Leave the callbacks service's topics to it.")
        boolean noCallbacks;

        @Override
        public Integer call() throws Exception {
            StackConfig stack = connection.stack();
            TopicPlan plan = plan(stack);
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = Admin.create(stack.kafkaClient())) {
                short replicas;
                try {
                    replicas = replicationFactor != null ? replicationFactor : TopicReplication.replicationFactor(admin);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("no answer from Kafka at " + stack.bootstrapServers()
                            + " within 30 s (address, listener, security settings?)", e);
                }
                for (TopicPlan.Spec t : plan.specs(stack)) {
                    out.println(create(admin, t, replicas));
                }
            }
            return AdminMain.OK;
        }

        /** The topics these options ask for on {@code stack} (its {@code partitions} and {@code topic.*} settings). */
        TopicPlan plan(StackConfig stack) {
            return new TopicPlan(partitions == null ? stack.partitions() : partitions,
                    Optional.ofNullable(replicationFactor), Optional.ofNullable(minInsyncReplicas),
                    Optional.ofNullable(retention), Optional.ofNullable(dlqRetention), extraConfigs, !noCallbacks);
        }

        private static String create(Admin admin, TopicPlan.Spec t, short replicas) throws Exception {
            Map<String, String> configs = new java.util.LinkedHashMap<>(t.configs());
            configs.putIfAbsent(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    Integer.toString(TopicReplication.minInsyncReplicas(replicas)));
            NewTopic topic = new NewTopic(t.name(), t.partitions(), replicas).configs(configs);
            try {
                admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
                return "created " + t.name() + ": " + t.partitions() + " partition(s), replication factor " + replicas
                        + ", " + configs;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
                TopicDescription d = admin.describeTopics(List.of(t.name())).allTopicNames().get(60, TimeUnit.SECONDS)
                        .get(t.name());
                int existing = d.partitions().size();
                return "exists  " + t.name() + ": " + existing + " partition(s), replication factor "
                        + d.partitions().get(0).replicas().size()
                        + (existing != t.partitions() ? " (not " + t.partitions() + ": kept as it is)" : "");
            }
        }
    }
}

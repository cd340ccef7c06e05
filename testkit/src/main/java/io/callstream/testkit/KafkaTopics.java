package io.callstream.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way callstream's tools create topics (the in-JVM broker, the container stack, the local
 * stack, on its embedded broker or an existing cluster): with the cluster's default replication
 * factor (at most the number of brokers) and {@code min.insync.replicas} = min(2, replication
 * factor) set on the topic itself, so that a write acknowledged with {@code acks=all} is on two
 * replicas whenever there are two, whatever the cluster's own default. Topics that exist are kept
 * as they are.
 */
public final class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
    private static final int TIMEOUT_SECONDS = 60;

    private KafkaTopics() {
    }

    /** The {@code min.insync.replicas} of a topic with this replication factor: 2, or 1 with one replica. */
    public static int minInsyncReplicas(int replicationFactor) {
        return Math.min(2, replicationFactor);
    }

    /** {@link #create(Map, int, Map, Collection)} with only the bootstrap servers as client settings. */
    public static List<String> create(String bootstrapServers, int partitions, Map<String, String> topicConfig,
                                      Collection<String> names) {
        return create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), partitions, topicConfig,
                names);
    }

    /**
     * Creates the topics that do not exist yet with {@code partitions} partitions and the given topic
     * configs (e.g. {@code cleanup.policy=compact}; a {@code min.insync.replicas} given here wins);
     * returns the names it created.
     *
     * @param adminProps Kafka client settings (bootstrap servers, security)
     */
    public static List<String> create(Map<String, Object> adminProps, int partitions, Map<String, String> topicConfig,
                                      Collection<String> names) {
        try (Admin admin = Admin.create(adminProps)) {
            short replicas = replicationFactor(admin);
            Map<String, String> configs = new HashMap<>(topicConfig);
            configs.putIfAbsent(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas(replicas)));
            List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, partitions, replicas).configs(configs)).toList();
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                    LOG.info("created topic {}: {} partition(s), {} replica(s), min.insync.replicas={}", entry.getKey(),
                            partitions, replicas, configs.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause(),
                                e.getCause());
                    }
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("topic creation on " + adminProps.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " failed: " + e, e);
        }
    }

    /**
     * The cluster's {@code default.replication.factor} (as one broker reports it), at most the
     * number of brokers; min(3, brokers) when the broker's config may not be read.
     */
    private static short replicationFactor(Admin admin)
            throws InterruptedException, ExecutionException, TimeoutException {
        Collection<Node> nodes = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        int brokers = nodes.size();
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
        try {
            ConfigEntry entry = admin.describeConfigs(List.of(broker)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(broker).get("default.replication.factor");
            if (entry != null && entry.value() != null) {
                return (short) Math.min(Integer.parseInt(entry.value()), brokers);
            }
        } catch (ExecutionException e) {
            LOG.warn("cannot read default.replication.factor of broker {} ({}); using min(3, {} brokers)",
                    broker.name(), e.getCause().toString(), brokers);
        }
        return (short) Math.min(3, brokers);
    }
}

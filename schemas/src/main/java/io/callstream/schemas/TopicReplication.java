package io.callstream.schemas;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the services create the topics they own (callbacks' configuration and delivery dead letters)
 * and size Kafka Streams' internal topics: the cluster's default replication factor, at most the
 * number of brokers, and {@code min.insync.replicas} = min(2, replication factor) on the topic
 * itself, so that a write acknowledged with {@code acks=all} is on two replicas whenever there are
 * two, whatever the cluster's own default. (testkit's {@code KafkaTopics}, which creates the
 * pipeline's topics for the tools, follows the same rule; it cannot use this class, schemas tests
 * depend on testkit.)
 */
public final class TopicReplication {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReplication.class);
    private static final int TIMEOUT_SECONDS = 30;

    private TopicReplication() {
    }

    /** The {@code min.insync.replicas} of a topic with this replication factor: 2, or 1 with one replica. */
    public static int minInsyncReplicas(int replicationFactor) {
        return Math.min(2, replicationFactor);
    }

    /**
     * The cluster's {@code default.replication.factor} (as one broker reports it), at most the number
     * of brokers; min(3, brokers) when the broker's config may not be read.
     */
    public static short replicationFactor(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
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

    /**
     * A topic to create with the cluster's replication factor and {@code min.insync.replicas} =
     * min(2, it) unless {@code configs} sets one.
     *
     * @param partitions the partition count, or empty for the broker's default
     */
    public static NewTopic newTopic(Admin admin, String name, Optional<Integer> partitions, Map<String, String> configs)
            throws InterruptedException, ExecutionException, TimeoutException {
        short replicas = replicationFactor(admin);
        Map<String, String> all = new HashMap<>(configs);
        all.putIfAbsent(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas(replicas)));
        return new NewTopic(name, partitions, Optional.of(replicas)).configs(all);
    }
}

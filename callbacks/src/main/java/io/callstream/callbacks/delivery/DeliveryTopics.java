package io.callstream.callbacks.delivery;

import io.callstream.callbacks.CallbacksConfig;
import io.callstream.schemas.TopicReplication;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics delivery writes when they are missing, with the cluster's replication factor and
 * min.insync.replicas = min(2, it): {@code callback-deliveries-dlq} and the retry topic
 * {@code callback-deliveries-retry} with as many partitions as {@code call-events}, so that a call's parked callbacks land in the partition number of its events (both
 * keyed by callId) and the range assignment gives both to the same instance.
 */
final class DeliveryTopics {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryTopics.class);

    private DeliveryTopics() {
    }

    static void ensure(CallbacksConfig config) {
        try (Admin admin = Admin.create(config.kafkaProps())) {
            Optional<Integer> partitions = partitionsOf(admin, config.callEventsTopic());
            create(admin, config.dlqTopic(), Optional.empty());
            create(admin, config.retryTopic(), partitions);
            Optional<Integer> retry = partitionsOf(admin, config.retryTopic());
            if (partitions.isPresent() && retry.isPresent() && !partitions.equals(retry)) {
                LOG.warn("{} has {} partitions but {} has {}: a call's parked callbacks may be read by another instance than its"
                        + " events, which weakens per-call order across instances", config.retryTopic(), retry.get(),
                        config.callEventsTopic(), partitions.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot create the delivery topics (relying on auto-creation): {}", e.toString());
        }
    }

    private static Optional<Integer> partitionsOf(Admin admin, String topic) {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Creates {@code name} with the cluster's replication factor and min.insync.replicas = min(2, it). */
    private static void create(Admin admin, String name, Optional<Integer> partitions) {
        try {
            admin.createTopics(List.of(TopicReplication.newTopic(admin, name, partitions, Map.of())))
                    .all().get(30, TimeUnit.SECONDS);
            LOG.info("created topic {}", name);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("cannot create {} (relying on auto-creation): {}", name, e.getCause().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("cannot create {} (relying on auto-creation): {}", name, e.toString());
        }
    }
}

package io.callstream.deploy.admin;

import io.callstream.deploy.stack.StackConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What {@code topics create} creates, without I/O: the pipeline's five topics with the requested
 * partitions, and the callbacks service's three (its compacted configuration topic with one
 * partition; its delivery topics with as many partitions as {@code call-events}, as callbacks would
 * create them). Replication and {@code min.insync.replicas} follow {@code TopicReplication} unless
 * given. No data topic is compacted: keys are call ids, and two apps may share one.
 *
 * @param retention     {@code retention.ms} of the data topics (call-events, summaries, alerts, participants)
 * @param dlqRetention  {@code retention.ms} of the two dead-letter topics
 */
record TopicPlan(int partitions, Optional<Short> replicationFactor, Optional<Integer> minInsyncReplicas,
                 Optional<Duration> retention, Optional<Duration> dlqRetention, Map<String, String> extraConfigs,
                 boolean withCallbacks) {

    static final String CALLBACK_CONFIG = "callback-config";
    static final String CALLBACK_DLQ = "callback-deliveries-dlq";
    static final String CALLBACK_RETRY = "callback-deliveries-retry";

    TopicPlan {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        replicationFactor.filter(r -> r < 1).ifPresent(r -> {
            throw new IllegalArgumentException("--replication-factor must be at least 1, got " + r);
        });
        minInsyncReplicas.filter(m -> m < 1 || replicationFactor.map(r -> m > r).orElse(false)).ifPresent(m -> {
            throw new IllegalArgumentException("--min-insync-replicas must be between 1 and the replication factor, got " + m);
        });
        extraConfigs = Map.copyOf(extraConfigs);
    }

    /** One topic to create: name, partitions and topic configs (min.insync.replicas added at creation). */
    record Spec(String name, int partitions, Map<String, String> configs) {
    }

    /** The topics, in creation order, named as the stack's {@code topic.*} settings say. */
    List<Spec> specs(StackConfig stack) {
        List<Spec> out = new ArrayList<>();
        for (String t : List.of(stack.topicCallEvents(), stack.topicCallSummaries(), stack.topicMissedCallAlerts(),
                stack.topicCallParticipants())) {
            out.add(new Spec(t, partitions, configs(retention, Map.of())));
        }
        out.add(new Spec(stack.topicCallEventsDlq(), partitions, configs(dlqRetention, Map.of())));
        if (withCallbacks) {
            out.add(new Spec(CALLBACK_CONFIG, 1, configs(Optional.empty(),
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
            out.add(new Spec(CALLBACK_DLQ, partitions, configs(dlqRetention, Map.of())));
            out.add(new Spec(CALLBACK_RETRY, partitions, configs(Optional.empty(), Map.of())));
        }
        return out;
    }

    private Map<String, String> configs(Optional<Duration> retentionMs, Map<String, String> fixed) {
        Map<String, String> c = new LinkedHashMap<>(extraConfigs);
        retentionMs.ifPresent(r -> c.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(r.toMillis())));
        c.putAll(fixed);
        minInsyncReplicas.ifPresent(m -> c.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(m)));
        return c;
    }
}

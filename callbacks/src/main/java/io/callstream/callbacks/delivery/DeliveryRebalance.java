package io.callstream.callbacks.delivery;

import io.callstream.callbacks.CallbacksConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery consumer's rebalance listener. Revoked partitions: fence their work (no new attempt starts),
 * await what is in flight and its offset mark (at most two request timeouts and 5 s), then commit what is
 * handled; their next owner starts from there and does not overlap with this instance. Assigned partitions
 * get a new {@link Lease}; assigned retry partitions without a committed offset start at the beginning, and
 * none of their parked callbacks is tried before they were read up to their end as of the assignment.
 */
final class DeliveryRebalance implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRebalance.class);

    private final Consumer<String, byte[]> consumer;
    private final CallbacksConfig config;
    private final OffsetTracker tracker;
    private final Map<TopicPartition, Lease> leases;
    private final SummaryFeed summaries;
    private final RetryFeed retries;

    DeliveryRebalance(Consumer<String, byte[]> consumer, CallbacksConfig config, OffsetTracker tracker,
                      Map<TopicPartition, Lease> leases, SummaryFeed summaries, RetryFeed retries) {
        this.consumer = consumer;
        this.config = config;
        this.tracker = tracker;
        this.leases = leases;
        this.summaries = summaries;
        this.retries = retries;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        fence(partitions);
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach(tp -> offsets.putAll(tracker.remove(tp)));
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets);
            } catch (RuntimeException e) {
                LOG.warn("commit on revocation failed (the next owner re-sends from the last commit): {}", e.toString());
            }
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        LOG.info("delivering callbacks for {}", partitions);
        partitions.forEach(tp -> leases.put(tp, new Lease()));
        List<TopicPartition> retry = partitions.stream().filter(tp -> tp.topic().equals(config.retryTopic())).toList();
        if (!retry.isEmpty()) {
            var committed = consumer.committed(new HashSet<>(retry));
            List<TopicPartition> fresh = retry.stream().filter(tp -> committed.get(tp) == null).toList();
            if (!fresh.isEmpty()) {
                consumer.seekToBeginning(fresh);
            }
            consumer.endOffsets(retry).forEach(retries::assigned);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        fence(partitions);
        partitions.forEach(tracker::remove);
    }

    private void fence(Collection<TopicPartition> partitions) {
        summaries.drop(partitions);
        retries.revoked(partitions);
        List<CompletableFuture<Void>> drained = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Lease l = leases.remove(tp);
            if (l != null) {
                l.revoke();
                drained.add(l.drained());
            }
        }
        long waitMs = config.requestTimeout().toMillis() * 2 + 5000;
        try {
            CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new)).get(waitMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("work of revoked partitions {} still in flight after {} ms", partitions, waitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // drained() never fails
        }
    }
}

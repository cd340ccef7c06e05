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
 * The delivery consumer's rebalance listener. Revoked partitions (a rebalance, or this instance closing):
 * the parked callbacks of the retry partitions are fenced at once (they are on the retry topic already);
 * the work of the {@code call-events} and {@code call-summaries} partitions goes on for a grace period (one
 * request timeout), then is handed over (a callback whose attempt has not started is parked on the retry
 * topic, due at once) and awaited for at most a request timeout + 5 s more; then everything is fenced and
 * the handled offsets are committed. So the next owner starts after every record this instance read and
 * finished or parked, and the two never deliver the same call at the same time. Lost partitions (another
 * instance owns them already) are fenced at once. Assigned partitions get a new {@link Lease}; assigned
 * retry partitions without a committed offset start at the beginning, and none of their parked callbacks
 * is tried before they were read up to their end as of the assignment.
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
        handOver(partitions);
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach(tp -> offsets.putAll(tracker.remove(tp)));
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets);
            } catch (RuntimeException e) {
                LOG.warn("commit on revocation failed (the next owner re-sends from the last commit): {}", e.toString());
            }
        }
        retries.releaseFenced();
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
        summaries.drop(partitions);
        retries.revoked(partitions);
        List<Lease> lost = remove(partitions);
        lost.forEach(Lease::revoke);
        await(lost, config.requestTimeout().toMillis() * 2 + 5000, partitions);
        partitions.forEach(tracker::remove);
        retries.releaseFenced();
    }

    /** Fences the retry partitions, lets the others' work go on for the grace period, hands it over, then fences it. */
    private void handOver(Collection<TopicPartition> partitions) {
        summaries.drop(partitions);
        retries.revoked(partitions);
        List<Lease> parked = new ArrayList<>();
        List<Lease> work = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Lease l = leases.remove(tp);
            if (l != null) {
                (tp.topic().equals(config.retryTopic()) ? parked : work).add(l);
            }
        }
        parked.forEach(Lease::revoke);
        long timeoutMs = config.requestTimeout().toMillis();
        if (!await(work, timeoutMs, null)) {
            work.forEach(Lease::handOver);
            LOG.info("handing over the unstarted callbacks of revoked partitions {} (parked on {})", partitions, config.retryTopic());
            await(work, timeoutMs + 5000, partitions);
        }
        work.forEach(Lease::revoke);
        await(parked, timeoutMs + 5000, partitions);
    }

    private List<Lease> remove(Collection<TopicPartition> partitions) {
        List<Lease> out = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Lease l = leases.remove(tp);
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    /** Waits at most {@code waitMs} until the leases' work is done; warns (naming {@code partitions}) when it is not. */
    private static boolean await(List<Lease> leases, long waitMs, Collection<TopicPartition> partitions) {
        try {
            CompletableFuture.allOf(leases.stream().map(Lease::drained).toArray(CompletableFuture[]::new)).get(waitMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            if (partitions != null) {
                LOG.warn("work of revoked partitions {} still in flight after {} ms", partitions, waitMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // drained() never fails
        }
        return false;
    }
}

package io.callstream.processor.records;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The number of partitions of call-summaries, asked of the cluster once and then remembered: a filter
 * answer is complete only when that many partitions answered. Until the cluster answers, queries retry.
 */
public final class PartitionCount implements IntSupplier, AutoCloseable {

    private final Admin admin;
    private final String topic;
    private volatile int count;

    public PartitionCount(Map<String, Object> adminConfig, String topic) {
        this.admin = Admin.create(adminConfig);
        this.topic = topic;
    }

    @Override
    public int getAsInt() {
        if (count == 0) {
            try {
                count = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic)
                        .partitions().size();
            } catch (ExecutionException | TimeoutException e) {
                throw new RecordsQueries.Unavailable("cannot read the partitions of " + topic + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RecordsQueries.Unavailable("interrupted");
            }
        }
        return count;
    }

    @Override
    public void close() {
        admin.close();
    }
}

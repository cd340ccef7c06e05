package io.callstream.processor;

import io.callstream.processor.topology.InputLag;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InputLag} as consumer-lag tools see it, from the group coordinator: a task has caught up
 * once the application's committed offset on its input partition has reached the partition's end
 * offset (read_committed) as first read after the task started. An Admin client asks every
 * {@code interval} while some task is catching up, and nothing otherwise. A task still behind
 * after {@code maxWait} counts as caught up, with a warning: a partition whose last offsets are
 * another producer's transaction markers (never committed past while nothing new arrives) or a
 * missing Describe ACL must not hold its timers for good.
 */
final class CommittedOffsetLag implements InputLag, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedOffsetLag.class);

    private final Admin admin;
    private final String groupId;
    private final long maxWaitNanos;
    private final Duration requestTimeout;
    private final ScheduledExecutorService poller;
    private final Set<Task> behind = ConcurrentHashMap.newKeySet();

    CommittedOffsetLag(Admin admin, String groupId, Duration interval, Duration maxWait) {
        this.admin = admin;
        this.groupId = groupId;
        this.maxWaitNanos = maxWait.toNanos();
        this.requestTimeout = interval.compareTo(Duration.ofSeconds(5)) > 0 ? interval : Duration.ofSeconds(5);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "processor-input-lag");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Follows the tasks of consumer group {@code groupId} (the application id) through its own Admin client. */
    static CommittedOffsetLag start(Map<String, Object> adminConfig, String groupId, Duration interval, Duration maxWait) {
        return new CommittedOffsetLag(Admin.create(adminConfig), groupId, interval, maxWait);
    }

    @Override
    public Tracker track(TopicPartition input) {
        Task task = new Task(input, System.nanoTime());
        behind.add(task);
        return task;
    }

    private void poll() {
        long startedAt = System.nanoTime();
        // only tasks that started before these offsets are read: the end offset must include their backlog
        List<Task> tasks = behind.stream().filter(t -> t.since - startedAt < 0).toList();
        if (tasks.isEmpty()) {
            return;
        }
        Set<TopicPartition> inputs = tasks.stream().map(t -> t.input).collect(Collectors.toSet());
        try {
            Map<TopicPartition, Long> ends = offsets(inputs, OffsetSpec.latest());
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Map.of(groupId,
                    new ListConsumerGroupOffsetsSpec().topicPartitions(inputs))).partitionsToOffsetAndMetadata(groupId)
                    .get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> positions = new HashMap<>();
            committed.forEach((tp, o) -> {
                if (o != null) {
                    positions.put(tp, o.offset());
                }
            });
            Set<TopicPartition> neverCommitted = inputs.stream().filter(tp -> !positions.containsKey(tp))
                    .collect(Collectors.toSet());
            if (!neverCommitted.isEmpty()) {
                // a group that never committed reads from the log start
                positions.putAll(offsets(neverCommitted, OffsetSpec.earliest()));
            }
            for (Task t : tasks) {
                t.update(ends.get(t.input), positions.get(t.input));
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("Cannot read the input lag of {} (retrying): {}", inputs, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec));
        return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @Override
    public void close() {
        poller.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }

    /** One task: its backlog ends at {@code target}, the end offset first read after it started. */
    private final class Task implements Tracker {
        final TopicPartition input;
        final long since;
        private Long target;
        private volatile boolean caughtUp;

        Task(TopicPartition input, long since) {
            this.input = input;
            this.since = since;
        }

        void update(Long end, Long committed) {
            if (target == null) {
                target = end;
            }
            if (target != null && committed != null && committed >= target) {
                LOG.info("Input {} caught up after {} ms: committed offset {} reached {}, its end when the task started",
                        input, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since), committed, target);
                caughtUp = true;
                behind.remove(this);
            }
        }

        @Override
        public boolean caughtUp() {
            if (!caughtUp && System.nanoTime() - since > maxWaitNanos) {
                LOG.warn("Input {} still behind its start-time end offset {} after {}: running its timers anyway"
                        + " (session.catch-up.max.wait)", input, target, Duration.ofNanos(maxWaitNanos));
                caughtUp = true;
                behind.remove(this);
            }
            return caughtUp;
        }

        @Override
        public void close() {
            behind.remove(this);
        }
    }
}

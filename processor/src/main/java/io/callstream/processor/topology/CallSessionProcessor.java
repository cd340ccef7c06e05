package io.callstream.processor.topology;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallSummary;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MissedCallAlert;
import io.callstream.common.logging.LogContext;
import io.callstream.processor.ProcessorConfig;
import io.callstream.processor.session.ParticipantRows;
import io.callstream.processor.session.SessionKey;
import io.callstream.processor.session.SessionLifecycle;
import io.callstream.processor.session.SessionLifecycle.Step;
import io.callstream.processor.state.CallSession;
import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node {@value CallTopology#SESSIONS}: applies the {@link SessionLifecycle} to every event and
 * every due timer. It reads and writes the sessions of store {@value CallTopology#SESSION_STORE},
 * moves their entries in {@value CallTopology#TIMER_STORE}, writes and reads the tombstones of
 * expired calls in {@value CallTopology#TOMBSTONE_STORE}, and forwards summaries, alerts and, with
 * every summary revision, its participant rows ({@link ParticipantRows}) to their sinks; it decides
 * nothing itself. Timers run on wall-clock punctuation, so a quiet partition still closes its calls,
 * but only once the task has read the backlog its partition held when the task started
 * ({@link InputLag}).
 */
final class CallSessionProcessor implements Processor<String, CallEvent, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(CallSessionProcessor.class);
    private static final int MAX_TIMERS_PER_PUNCTUATION = 100_000;

    private final SessionLifecycle lifecycle;
    private final Duration punctuationInterval;
    private final long tombstoneRetentionMs;
    private final String inputTopic;
    private final InputLag inputLag;
    private final SessionMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, CallSession> sessions;
    private SessionTimers timers;
    private WindowStore<String, Integer> tombstones;
    /** This task's catch-up with its backlog; null once caught up. */
    private InputLag.Tracker backlog;

    CallSessionProcessor(SessionLifecycle lifecycle, ProcessorConfig config, InputLag inputLag, SessionMetrics metrics) {
        this.lifecycle = lifecycle;
        this.punctuationInterval = config.punctuationInterval();
        this.tombstoneRetentionMs = config.tombstoneRetention().toMillis();
        this.inputTopic = config.topics().callEvents();
        this.inputLag = inputLag;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.sessions = context.getStateStore(CallTopology.SESSION_STORE);
        KeyValueStore<Bytes, byte[]> timerStore = context.getStateStore(CallTopology.TIMER_STORE);
        this.timers = new SessionTimers(timerStore);
        this.tombstones = context.getStateStore(CallTopology.TOMBSTONE_STORE);
        this.backlog = inputLag.track(new TopicPartition(inputTopic, context.taskId().partition()));
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void close() {
        if (backlog != null) {
            backlog.close();
        }
    }

    @Override
    public void process(Record<String, CallEvent> record) {
        SessionKey key = SessionKey.of(record.value());
        String storeKey = key.storeKey();
        // With the session cache (ObjectCachingKeyValueStore) a get returns the cached instance: the lifecycle
        // changes it in place, and apply() puts it (UPDATED, DUPLICATE) or deletes it (EXPIRED), always. A step
        // that throws in between fails the task (the processing exception handler is FAIL; CallTopology uses no
        // session cache under any other): closed dirty, its state wiped and restored from the changelog, the
        // cache dropped with it; the half-changed session is never written.
        CallSession stored = sessions.get(storeKey);
        if (stored == null) {
            stored = adoptLegacy(key);
        }
        long now = context.currentSystemTimeMs();
        metrics.event();
        Step step = stored == null && hasTombstone(storeKey, now) ? lifecycle.onEventAfterExpiry()
                : lifecycle.onEvent(key, stored, record.value(), now);
        if (stored == null && step.kind() == Step.Kind.UPDATED) {
            metrics.callOpened();
        }
        apply(storeKey, key, step, record.timestamp());
    }

    private void punctuate(long now) {
        if (backlog != null) {
            // after downtime, settle and idle times have passed while the events that decide the
            // sessions still wait in the backlog: no timer decides anything before it is read
            if (!backlog.caughtUp()) {
                return;
            }
            backlog.close();
            backlog = null;
        }
        for (String storeKey : timers.takeDue(now, MAX_TIMERS_PER_PUNCTUATION)) {
            CallSession s = sessions.get(storeKey);
            if (s != null) {
                SessionKey key = SessionKey.fromStoreKey(storeKey, s);
                apply(storeKey, key, lifecycle.onTimer(key, s, now), now);
            }
        }
    }

    /** True when the call's session was deleted less than the tombstone retention ago. */
    private boolean hasTombstone(String storeKey, long now) {
        try (WindowStoreIterator<Integer> it = tombstones.fetch(storeKey, now - tombstoneRetentionMs + 1, Long.MAX_VALUE)) {
            return it.hasNext();
        }
    }

    /**
     * The session of {@code key} if it is still stored under its callId alone (written before
     * sessions were keyed by app), moved with its timer entry to its store key; else null.
     */
    private CallSession adoptLegacy(SessionKey key) {
        CallSession legacy = sessions.get(key.callId());
        if (legacy == null || legacy.getSdkAppId() != key.sdkAppId()
                || !SessionKey.fromStoreKey(key.callId(), legacy).equals(key)) {
            return null;
        }
        sessions.delete(key.callId());
        timers.move(key.callId(), legacy.getTimerAt(), null);
        timers.move(key.storeKey(), null, legacy.getTimerAt());
        return legacy;
    }

    /** Stores, re-arms and forwards what the lifecycle decided; outputs carry {@code timestamp}. */
    private void apply(String storeKey, SessionKey key, Step step, long timestamp) {
        switch (step.kind()) {
            case UPDATED -> sessions.put(storeKey, step.session());
            case DUPLICATE -> {
                metrics.duplicate();
                sessions.put(storeKey, step.session());
            }
            case EXPIRED -> {
                sessions.delete(storeKey);
                tombstones.put(storeKey, step.session().getRevision(), timestamp);
            }
            case AFTER_EXPIRY -> {
                LOG.debug("Call {} expired: event ignored", key);
                metrics.afterExpiry();
            }
        }
        timers.move(storeKey, step.disarmAt(), step.armAt());
        for (MissedCallAlert a : step.alerts()) {
            LOG.debug("Call {} missed by {} ({})", key, a.getCalleeId(), a.getReason());
            metrics.alert(a.getReason());
            metrics.emitted(a);
            context.forward(new Record<String, Object>(a.getCalleeId(), a, timestamp), CallTopology.ALERTS_SINK);
        }
        CallSummary summary = step.summary();
        if (summary != null) {
            if (summary.getClosedBy() == ClosedBy.TIMEOUT && summary.getRevision() == 1) {
                try (LogContext ignored = LogContext.call(key.callId(), key.sdkAppId())) {
                    LOG.info("Call {} timed out without a decision", key);
                }
            }
            LOG.debug("Call {} summary revision {}: {}", key, summary.getRevision(), summary.getOutcome());
            metrics.summary(summary.getOutcome(), summary.getRevision());
            metrics.emitted(summary);
            context.forward(new Record<String, Object>(key.callId(), summary, timestamp), CallTopology.SUMMARIES_SINK);
            for (CallParticipant row : ParticipantRows.of(summary)) {
                context.forward(new Record<String, Object>(ParticipantRows.key(row), row, timestamp),
                        CallTopology.PARTICIPANTS_SINK);
            }
        }
    }
}

package io.callstream.processor.topology;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MissedCallAlert;
import io.callstream.processor.session.CallSessionAggregator;
import io.callstream.processor.session.CallView;
import io.callstream.processor.session.MissedCallDetector;
import io.callstream.processor.session.OutcomeRules;
import io.callstream.processor.session.SummaryBuilder;
import io.callstream.processor.state.CallSession;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node {@value CallTopology#SESSIONS}: keeps one {@link CallSession} per callId in store
 * {@value CallTopology#SESSION_STORE}, emits missed-call alerts as soon as a miss is known, and the
 * summary when the call is complete, or after the settle delay once decided, or after the idle
 * timeout (TIMED_OUT); late changes to a closed call emit the next revision; closed sessions are
 * deleted after the retention. Timers live in {@value CallTopology#TIMER_STORE} and run on
 * wall-clock punctuation, so a quiet partition still closes its calls.
 */
final class CallSessionProcessor implements Processor<String, CallEvent, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(CallSessionProcessor.class);
    private static final int MAX_TIMERS_PER_PUNCTUATION = 100_000;

    private final long settleMs;
    private final long idleMs;
    private final long retentionMs;
    private final Duration punctuationInterval;
    private final SessionMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, CallSession> sessions;
    private SessionTimers timers;

    CallSessionProcessor(Duration settle, Duration idle, Duration retention, Duration punctuationInterval,
                         SessionMetrics metrics) {
        this.settleMs = settle.toMillis();
        this.idleMs = idle.toMillis();
        this.retentionMs = retention.toMillis();
        this.punctuationInterval = punctuationInterval;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.sessions = context.getStateStore(CallTopology.SESSION_STORE);
        KeyValueStore<Bytes, byte[]> timerStore = context.getStateStore(CallTopology.TIMER_STORE);
        this.timers = new SessionTimers(timerStore);
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, CallEvent> record) {
        String callId = record.key();
        long now = context.currentSystemTimeMs();
        CallSession s = sessions.get(callId);
        if (s == null) {
            s = CallSessionAggregator.newSession(record.value(), now);
        }
        if (CallSessionAggregator.merge(s, record.value(), now) == CallSessionAggregator.Merge.DUPLICATE) {
            metrics.duplicate();
            sessions.put(callId, s);
            return;
        }
        boolean closed = s.getClosedBy() >= 0;
        CallView view = OutcomeRules.evaluate(s, closed && s.getClosedBy() == ClosedBy.TIMEOUT.ordinal());
        boolean completes = !closed && CallSessionAggregator.complete(s, view);
        emitAlerts(callId, MissedCallDetector.detect(callId, s, view, null, closed || completes), record.timestamp());
        if (closed) {
            reviseIfChanged(callId, s, view, record.timestamp());
        } else if (completes) {
            close(callId, s, view, ClosedBy.EVENTS, record.timestamp(), now);
        } else {
            s.setDecidedAtWall(view.decided() ? (s.getDecidedAtWall() == null ? now : s.getDecidedAtWall()) : null);
            timers.arm(callId, s, dueOfOpen(s));
        }
        sessions.put(callId, s);
    }

    private void punctuate(long now) {
        for (String callId : timers.takeDue(now, MAX_TIMERS_PER_PUNCTUATION)) {
            CallSession s = sessions.get(callId);
            if (s == null) {
                continue;
            }
            s.setTimerAt(null);
            if (s.getClosedBy() >= 0) {
                if (now >= s.getClosedAtWall() + retentionMs) {
                    sessions.delete(callId);
                    continue;
                }
                timers.arm(callId, s, s.getClosedAtWall() + retentionMs);
            } else {
                fireOpen(callId, s, now);
            }
            sessions.put(callId, s);
        }
    }

    private void fireOpen(String callId, CallSession s, long now) {
        CallView view = OutcomeRules.evaluate(s, false);
        if (view.decided() && s.getDecidedAtWall() != null && now >= s.getDecidedAtWall() + settleMs) {
            emitAlerts(callId, MissedCallDetector.detect(callId, s, view, null, true), now);
            close(callId, s, view, ClosedBy.EVENTS, now, now);
        } else if (!view.decided() && now >= s.getLastActivityWall() + idleMs) {
            CallView timedOut = OutcomeRules.evaluate(s, true);
            LOG.info("Call {} timed out after {} ms without a decision", callId, now - s.getLastActivityWall());
            emitAlerts(callId, MissedCallDetector.detect(callId, s, timedOut, now), now);
            close(callId, s, timedOut, ClosedBy.TIMEOUT, now, now);
        } else {
            timers.arm(callId, s, dueOfOpen(s));
        }
    }

    private long dueOfOpen(CallSession s) {
        return s.getDecidedAtWall() != null ? s.getDecidedAtWall() + settleMs : s.getLastActivityWall() + idleMs;
    }

    private void close(String callId, CallSession s, CallView view, ClosedBy closedBy, long timestamp, long now) {
        CallSummary summary = SummaryBuilder.build(callId, s, view, closedBy, 1);
        s.setClosedBy(closedBy.ordinal());
        s.setRevision(1);
        s.setSummaryHash(SummaryBuilder.fingerprint(summary));
        s.setClosedAtWall(now);
        s.setDecidedAtWall(null);
        emitSummary(callId, summary, timestamp);
        timers.arm(callId, s, now + retentionMs);
    }

    /** A late event for a closed call: a new revision only if outcome, participants or timestamps changed. */
    private void reviseIfChanged(String callId, CallSession s, CallView view, long timestamp) {
        ClosedBy closedBy = ClosedBy.values()[s.getClosedBy()];
        CallSummary summary = SummaryBuilder.build(callId, s, view, closedBy, s.getRevision() + 1);
        long fingerprint = SummaryBuilder.fingerprint(summary);
        if (fingerprint != s.getSummaryHash()) {
            s.setRevision(summary.getRevision());
            s.setSummaryHash(fingerprint);
            emitSummary(callId, summary, timestamp);
        }
    }

    private void emitSummary(String callId, CallSummary summary, long timestamp) {
        LOG.debug("Call {} summary revision {}: {}", callId, summary.getRevision(), summary.getOutcome());
        metrics.summary(summary.getOutcome(), summary.getRevision());
        context.forward(new Record<String, Object>(callId, summary, timestamp), CallTopology.SUMMARIES_SINK);
    }

    private void emitAlerts(String callId, List<MissedCallAlert> alerts, long timestamp) {
        for (MissedCallAlert a : alerts) {
            LOG.debug("Call {} missed by {} ({})", callId, a.getCalleeId(), a.getReason());
            metrics.alert(a.getReason());
            context.forward(new Record<String, Object>(a.getCalleeId(), a, timestamp), CallTopology.ALERTS_SINK);
        }
    }
}

package io.callstream.processor.session;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MissedCallAlert;
import io.callstream.processor.state.CallSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The life of one call session, decided from the stored session, the input and the wall clock
 * alone (no stores, no I/O: it is tested without a topology). A session opens on its call's first
 * event; alerts go out as soon as a miss is known; the session closes with summary revision 1 when
 * complete or when an end-of-call record decides it, or once decided after the settle delay, or
 * TIMED_OUT after the idle timeout; a miss inferred only from the call's end is alerted when the
 * session closes by the settle delay, or a settle delay after it closed otherwise; a late
 * event that changes a closed call emits revision + 1; the session expires after the retention,
 * and later events for the call are ignored while its tombstone lasts. Each method updates the
 * session it is given and returns a {@link Step}; the topology node only applies it (stores
 * call-sessions, call-session-timers, call-session-tombstones, and the output topics).
 *
 * <p>Every field of the session that is not an event fact is written here: {@code decidedAtWall},
 * {@code closedBy}, {@code revision}, {@code summaryHash}, {@code closedAtWall}, {@code timerAt}
 * and the ALERTED mark of a callee.
 */
public final class SessionLifecycle {

    /** By stored ordinal ({@code values()} copies its array on every call). */
    private static final ClosedBy[] CLOSED_BY = ClosedBy.values();

    private final long settleMs;
    private final long idleMs;
    private final long retentionMs;

    public SessionLifecycle(Duration settle, Duration idle, Duration retention) {
        this.settleMs = settle.toMillis();
        this.idleMs = idle.toMillis();
        this.retentionMs = retention.toMillis();
    }

    /**
     * What one event does to its session.
     *
     * @param stored the stored session, or null when the call has none yet
     * @param now    wall-clock time
     */
    public Step onEvent(SessionKey key, CallSession stored, CallEvent event, long now) {
        CallSession s = stored != null ? stored : CallSessionAggregator.newSession(event, now);
        Step.Builder step = new Step.Builder(s);
        if (CallSessionAggregator.merge(s, event, now) == CallSessionAggregator.Merge.DUPLICATE) {
            return step.build(Step.Kind.DUPLICATE);
        }
        boolean closed = isClosed(s);
        CallView view = OutcomeRules.evaluate(s, closed && closedBy(s) == ClosedBy.TIMEOUT);
        // an end-of-call record decides the call: no settle wait for the other side's callbacks
        boolean completes = !closed && (CallSessionAggregator.complete(s, view)
                || Facts.has(s.getCallFacts(), Facts.RECORDED) && view.decided());
        alertNewMisses(step, key, view, null, closed && inferredDue(s, now));
        if (closed) {
            reviseIfChanged(step, key, view);
        } else if (completes) {
            close(step, key, view, ClosedBy.EVENTS, now);
        } else {
            s.setDecidedAtWall(view.decided() ? Objects.requireNonNullElse(s.getDecidedAtWall(), now) : null);
            step.wakeAt(dueWhileOpen(s));
        }
        holdInferred(step, view, now);
        return step.build(Step.Kind.UPDATED);
    }

    /**
     * What an event does to a call whose session expired and that is still remembered by its
     * tombstone: nothing. A redelivery days later must not re-open the call (a second alert with
     * the same alertId, a bogus revision-1 summary); the call's summary is final.
     */
    public Step onEventAfterExpiry() {
        return new Step(Step.Kind.AFTER_EXPIRY, null, List.of(), null, null, null);
    }

    /**
     * What the session's timer does when it fires: settle, time out, or expire. The node has taken
     * the fired entry out of the timer store already.
     */
    public Step onTimer(SessionKey key, CallSession s, long now) {
        s.setTimerAt(null);
        Step.Builder step = new Step.Builder(s);
        if (isClosed(s)) {
            CallView view = OutcomeRules.evaluate(s, closedBy(s) == ClosedBy.TIMEOUT);
            alertNewMisses(step, key, view, null, inferredDue(s, now));
            long expiry = s.getClosedAtWall() + retentionMs;
            if (now >= expiry) {
                return step.build(Step.Kind.EXPIRED);
            }
            step.wakeAt(expiry);
            holdInferred(step, view, now);
            return step.build(Step.Kind.UPDATED);
        }
        CallView view = OutcomeRules.evaluate(s, false);
        if (view.decided() && s.getDecidedAtWall() == null) {
            s.setDecidedAtWall(now);
        }
        if (view.decided() && now >= s.getDecidedAtWall() + settleMs) {
            alertNewMisses(step, key, view, null, true);
            close(step, key, view, ClosedBy.EVENTS, now);
        } else if (!view.decided() && now >= s.getLastActivityWall() + idleMs) {
            CallView timedOut = OutcomeRules.evaluate(s, true);
            alertNewMisses(step, key, timedOut, now, true);
            close(step, key, timedOut, ClosedBy.TIMEOUT, now);
        } else {
            step.wakeAt(dueWhileOpen(s));
        }
        return step.build(Step.Kind.UPDATED);
    }

    private static boolean isClosed(CallSession s) {
        return s.getClosedBy() >= 0;
    }

    private static ClosedBy closedBy(CallSession s) {
        return CLOSED_BY[s.getClosedBy()];
    }

    private long dueWhileOpen(CallSession s) {
        return s.getDecidedAtWall() != null ? s.getDecidedAtWall() + settleMs : s.getLastActivityWall() + idleMs;
    }

    /**
     * True when a closed session's misses inferred only from the call's end are due: a settle delay
     * after it closed. A session closed by the settle delay released them as it closed; one closed at
     * once by an end-of-call record gives the other side's callbacks (an accept on its way) that long.
     */
    private boolean inferredDue(CallSession s, long now) {
        return now >= s.getClosedAtWall() + settleMs;
    }

    /** A closed session that holds back an inferred miss wakes up when it is due. */
    private void holdInferred(Step.Builder step, CallView view, long now) {
        CallSession s = step.session;
        if (isClosed(s) && !inferredDue(s, now) && !MissedCallDetector.newMisses(s, view, true).isEmpty()) {
            step.wakeAt(s.getClosedAtWall() + settleMs);
        }
    }

    private static void alertNewMisses(Step.Builder step, SessionKey key, CallView view, Long timeoutAt,
                                       boolean releaseInferred) {
        CallSession s = step.session;
        for (MissedCallDetector.Miss miss : MissedCallDetector.newMisses(s, view, releaseInferred)) {
            miss.callee().setFacts(miss.callee().getFacts() | Facts.ALERTED);
            step.alerts.add(MissedCallDetector.alert(key, s, miss, timeoutAt));
        }
    }

    private void close(Step.Builder step, SessionKey key, CallView view, ClosedBy closedBy, long now) {
        CallSession s = step.session;
        CallSummary summary = SummaryBuilder.build(key, s, view, closedBy, 1);
        s.setClosedBy(closedBy.ordinal());
        s.setRevision(1);
        s.setSummaryHash(SummaryBuilder.fingerprint(summary));
        s.setClosedAtWall(now);
        s.setDecidedAtWall(null);
        step.summary = summary;
        step.wakeAt(now + retentionMs);
    }

    /** A late event for a closed call: the next revision only if outcome, participants or times changed. */
    private static void reviseIfChanged(Step.Builder step, SessionKey key, CallView view) {
        CallSession s = step.session;
        CallSummary summary = SummaryBuilder.build(key, s, view, closedBy(s), s.getRevision() + 1);
        long fingerprint = SummaryBuilder.fingerprint(summary);
        if (fingerprint != s.getSummaryHash()) {
            s.setRevision(summary.getRevision());
            s.setSummaryHash(fingerprint);
            step.summary = summary;
        }
    }

    /**
     * What the node must do: store or delete the session, forward the alerts and the summary, and
     * move the session's entry in the timer store from {@code disarmAt} to {@code armAt} (each null
     * when there is no entry to remove or to add).
     *
     * @param session the session after the step (to store when the kind is UPDATED or DUPLICATE)
     * @param summary the summary to emit, or null
     */
    public record Step(Kind kind, CallSession session, List<MissedCallAlert> alerts, CallSummary summary,
                       Long disarmAt, Long armAt) {

        public enum Kind {
            /** A new event merged or a timer handled: store the session. */
            UPDATED,
            /** An event seen before: store the session (only its duplicate count changed). */
            DUPLICATE,
            /** Closed for longer than the retention: delete the session, remember the call by a tombstone. */
            EXPIRED,
            /** An event for an expired call: nothing to store or emit. */
            AFTER_EXPIRY
        }

        /** True when the timer store must change. */
        public boolean movesTimer() {
            return !Objects.equals(disarmAt, armAt);
        }

        /** Collects a step; the session's timer only ever moves earlier (a timer that fires early is re-armed). */
        static final class Builder {
            final CallSession session;
            final Long storedTimer;
            final List<MissedCallAlert> alerts = new ArrayList<>(0);
            CallSummary summary;

            Builder(CallSession session) {
                this.session = session;
                this.storedTimer = session.getTimerAt();
            }

            void wakeAt(long due) {
                Long current = session.getTimerAt();
                if (current == null || due < current) {
                    session.setTimerAt(due);
                }
            }

            Step build(Kind kind) {
                Long armed = kind == Kind.EXPIRED ? null : session.getTimerAt();
                return new Step(kind, session, List.copyOf(alerts), summary, storedTimer, armed);
            }
        }
    }
}

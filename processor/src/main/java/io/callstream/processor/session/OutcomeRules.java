package io.callstream.processor.session;

import static io.callstream.processor.session.Facts.ANSWERED;
import static io.callstream.processor.session.Facts.BUSY;
import static io.callstream.processor.session.Facts.CANCELLED;
import static io.callstream.processor.session.Facts.ENDED;
import static io.callstream.processor.session.Facts.FAILED;
import static io.callstream.processor.session.Facts.INTERRUPTED;
import static io.callstream.processor.session.Facts.MISSED;
import static io.callstream.processor.session.Facts.RECEIVED;
import static io.callstream.processor.session.Facts.REJECTED;
import static io.callstream.processor.session.Facts.STARTED;
import static io.callstream.processor.session.Facts.has;

import io.callstream.avro.CallEventType;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.processor.state.CallSession;
import io.callstream.processor.state.ParticipantState;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of CONTRACT section 4 as pure functions: what each event type says
 * ({@link #effectOf}), and the outcome of every participant and of the call, derived from the
 * facts a session collected ({@link #evaluate}). Because facts only accumulate, the result is the
 * same whatever order the events arrived in.
 */
public final class OutcomeRules {

    /**
     * Call-level facts that reach every callee without an outcome of its own: cancel, failure and end of
     * the whole call, and an end-of-call record's REJECTED, MISSED or BUSY (only records set those).
     */
    private static final int TO_ALL_CALLEES = CANCELLED | FAILED | ENDED | REJECTED | MISSED | BUSY;
    /** A participant's own facts that end the call when the caller reports them, or anyone in a 1:1 call. */
    private static final int CALL_ENDING = ENDED | INTERRUPTED;

    private OutcomeRules() {
    }

    /** The facts one event type carries. */
    public static EventEffect effectOf(CallEventType type) {
        return switch (type) {
            case START_CALL -> EventEffect.of(STARTED, STARTED, 0).starting();
            case CALL_ACCEPTED -> EventEffect.of(0, ANSWERED, ANSWERED).answering();
            case CALL_MISSED -> EventEffect.of(0, 0, MISSED).ending();
            case CALL_REJECTED -> EventEffect.of(0, 0, REJECTED).ending();
            case CALL_BUSY -> EventEffect.of(0, 0, BUSY).ending();
            case CANCEL_CALL, CALL_CANCELED -> EventEffect.of(CANCELLED, CANCELLED, 0).ending();
            case CALL_FAILED -> EventEffect.of(FAILED, FAILED, 0).ending();
            // whether they end the whole call depends on who reports them and the call type: see callFacts
            case CALL_END -> EventEffect.of(ENDED, 0, 0).ending();
            case CALL_INTERRUPTED -> EventEffect.of(INTERRUPTED, 0, 0).ending();
            case RECEIVE_CALL -> EventEffect.of(RECEIVED, 0, 0);
            case ACCEPT_CALL, JOIN_IN_GROUP_CALL -> EventEffect.of(ANSWERED, ANSWERED, 0).answering();
            case NOT_ANSWER_CALL, IGNORE_CALL -> EventEffect.of(MISSED, 0, 0).ending();
            case REJECT_CALL -> EventEffect.of(REJECTED, 0, 0).ending();
            case INVITE_USER, UNKNOWN -> EventEffect.of(0, 0, 0);
        };
    }

    /** The role of the reporting user: the event's own role, else the side that sends this event type. */
    public static CallRole roleOf(CallRole reported, CallEventType type) {
        if (reported != CallRole.UNKNOWN) {
            return reported;
        }
        return switch (type) {
            case START_CALL, CALL_ACCEPTED, CALL_MISSED, CALL_REJECTED, CALL_BUSY, CANCEL_CALL, CALL_FAILED -> CallRole.CALLER;
            case RECEIVE_CALL, ACCEPT_CALL, NOT_ANSWER_CALL, REJECT_CALL, IGNORE_CALL, CALL_CANCELED,
                 JOIN_IN_GROUP_CALL -> CallRole.CALLEE;
            default -> CallRole.UNKNOWN;
        };
    }

    /** Outcome of each participant and of the call; {@code timedOut} when the idle timeout closed it. */
    public static CallView evaluate(CallSession s, boolean timedOut) {
        boolean single = isSingle(s);
        int callFacts = callFacts(s, single);
        int propagated = (callFacts & TO_ALL_CALLEES) | (single ? s.getCallerView() | (callFacts & INTERRUPTED) : 0);
        List<Verdict> callees = new ArrayList<>();
        boolean answered = has(callFacts, ANSWERED);
        for (ParticipantState p : s.getParticipants()) {
            if (p.getRole() == CallRole.CALLEE.ordinal()) {
                Verdict v = calleeVerdict(p.getFacts(), propagated);
                if (!single) {
                    v = heldWhileOnlyTheRecordSaysSo(v, p.getFacts(), propagated);
                }
                callees.add(v);
                answered |= v.answered();
            }
        }
        CallOutcome outcome = callOutcome(s, single, callFacts, propagated, answered, callees);
        if (outcome == null && timedOut) {
            outcome = CallOutcome.TIMED_OUT;
        }
        List<Verdict> verdicts = new ArrayList<>(s.getParticipants().size());
        int i = 0;
        for (ParticipantState p : s.getParticipants()) {
            if (p.getRole() == CallRole.CALLER.ordinal()) {
                verdicts.add(callerVerdict(outcome, answered, callFacts));
            } else if (p.getRole() == CallRole.CALLEE.ordinal()) {
                Verdict v = callees.get(i++);
                verdicts.add(!v.decided() && outcome != null && timedOut ? Verdict.missed(MissedReason.TIMED_OUT) : v);
            } else {
                // not known to be a callee: the caller was never named
                verdicts.add(Verdict.UNKNOWN);
            }
        }
        return new CallView(outcome, answered, verdicts);
    }

    /**
     * A 1:1 call: its callbacks said SingleCall/single; or said nothing and it has at most two
     * participants (v4 start and member-change callbacks carry no call type).
     */
    public static boolean isSingle(CallSession s) {
        if (s.getCallType() != CallType.UNKNOWN.ordinal()) {
            return s.getCallType() != CallType.GROUP.ordinal();
        }
        return s.getParticipants().size() <= 2 && (s.getTotalNum() == null || s.getTotalNum() <= 2);
    }

    /**
     * The call-level facts, with the call's end: a participant's own end or interruption ends the call
     * when the caller reports it, or anyone in a 1:1 call. In a group call a callee's hang-up or
     * interruption is its own; the call ends with the caller's end, an end-of-call record, or when
     * every callee who answered has left (the caller is the one left: Tencent tears a call down when at
     * most one participant is left).
     */
    static int callFacts(CallSession s, boolean single) {
        int f = s.getCallFacts();
        boolean someoneLeft = false;
        boolean someoneStays = false;
        for (ParticipantState p : s.getParticipants()) {
            int own = p.getFacts();
            if (single || p.getRole() == CallRole.CALLER.ordinal()) {
                f |= own & CALL_ENDING;
            } else if (has(own, ANSWERED)) {
                boolean left = (own & CALL_ENDING) != 0;
                someoneLeft |= left;
                someoneStays |= !left;
            }
        }
        return someoneLeft && !someoneStays ? f | ENDED : f;
    }

    /** A callee's outcome from its own facts, then from what the call and the caller said about it. */
    static Verdict calleeVerdict(int own, int propagated) {
        int all = own | propagated;
        if (has(all, ANSWERED)) {
            return Verdict.of(has(all, INTERRUPTED) ? ParticipantOutcome.INTERRUPTED : ParticipantOutcome.ANSWERED);
        }
        Verdict v = unanswered(own);
        return v.decided() ? v : unanswered(propagated);
    }

    /**
     * In a group call an end-of-call record's result (NotAnswer, Reject, Busy) speaks for the call, not
     * for each callee: a callee's own reject, or the caller withdrawing its invitation, may still be on
     * its way and says more. A miss that only the record gives is therefore held like one inferred from
     * the call's end; the caller's own cancel or failure of the whole call is not.
     */
    static Verdict heldWhileOnlyTheRecordSaysSo(Verdict v, int own, int propagated) {
        boolean fromRecordOnly = !v.inferred() && !v.answered() && !unanswered(own).decided()
                && (propagated & (CANCELLED | FAILED)) == 0 && (propagated & (REJECTED | MISSED | BUSY)) != 0;
        return fromRecordOnly ? new Verdict(v.outcome(), v.missedReason(), true) : v;
    }

    /** The outcome of a callee who did not answer, from the strongest fact present. */
    static Verdict unanswered(int f) {
        if (has(f, REJECTED)) {
            return Verdict.of(ParticipantOutcome.REJECTED);
        } else if (has(f, BUSY)) {
            return new Verdict(ParticipantOutcome.BUSY, MissedReason.BUSY);
        } else if (has(f, MISSED)) {
            return Verdict.missed(MissedReason.NO_ANSWER);
        } else if (has(f, CANCELLED)) {
            return Verdict.missed(MissedReason.CALLER_CANCELLED);
        } else if (has(f, FAILED) || has(f, INTERRUPTED)) {
            return Verdict.of(ParticipantOutcome.FAILED);
        } else if (has(f, ENDED)) {
            // only "the call ended and no answer was seen (yet)": an answer may still arrive
            return new Verdict(ParticipantOutcome.MISSED, MissedReason.NO_ANSWER, true);
        }
        return Verdict.UNKNOWN;
    }

    static CallOutcome callOutcome(CallSession s, boolean single, int callFacts, int propagated, boolean answered,
                                   List<Verdict> callees) {
        if (answered) {
            if (has(callFacts, INTERRUPTED)) {
                return CallOutcome.INTERRUPTED;
            }
            return has(callFacts, ENDED) ? CallOutcome.COMPLETED : null;
        }
        if (has(callFacts, FAILED)) {
            return CallOutcome.FAILED;
        }
        if (has(callFacts, CANCELLED)) {
            return CallOutcome.CANCELLED;
        }
        if (single) {
            Verdict callee = callees.isEmpty() ? Verdict.UNKNOWN : callees.get(0);
            if (!callee.decided()) {
                callee = unanswered(propagated);
            }
            return callee.decided() ? fromCallee(callee.outcome()) : null;
        }
        // every callee the call announced (TotalNum counts the caller too) must be known and decided
        int announced = s.getTotalNum() == null ? 0 : s.getTotalNum() - 1;
        boolean allKnown = !callees.isEmpty() && callees.size() >= announced;
        boolean allDecided = allKnown && callees.stream().allMatch(Verdict::decided);
        boolean allRejected = allKnown && callees.stream().allMatch(v -> v.outcome() == ParticipantOutcome.REJECTED);
        if (allDecided || has(callFacts, ENDED)) {
            return allRejected ? CallOutcome.REJECTED : CallOutcome.MISSED;
        }
        return null;
    }

    private static CallOutcome fromCallee(ParticipantOutcome o) {
        return switch (o) {
            case REJECTED -> CallOutcome.REJECTED;
            case BUSY -> CallOutcome.BUSY;
            case FAILED -> CallOutcome.FAILED;
            default -> CallOutcome.MISSED;
        };
    }

    /** The caller's outcome mirrors the call: ANSWERED/INTERRUPTED when answered, else the call outcome. */
    static Verdict callerVerdict(CallOutcome outcome, boolean answered, int callFacts) {
        if (answered) {
            return Verdict.of(has(callFacts, INTERRUPTED) ? ParticipantOutcome.INTERRUPTED : ParticipantOutcome.ANSWERED);
        }
        if (outcome == null) {
            return Verdict.UNKNOWN;
        }
        return Verdict.of(switch (outcome) {
            case MISSED -> ParticipantOutcome.MISSED;
            case REJECTED -> ParticipantOutcome.REJECTED;
            case BUSY -> ParticipantOutcome.BUSY;
            case CANCELLED -> ParticipantOutcome.CANCELLED;
            case FAILED -> ParticipantOutcome.FAILED;
            default -> ParticipantOutcome.UNKNOWN;
        });
    }
}

package io.callstream.processor.session;

import static io.callstream.processor.session.Facts.ANSWERED;
import static io.callstream.processor.session.Facts.BUSY;
import static io.callstream.processor.session.Facts.CANCELLED;
import static io.callstream.processor.session.Facts.ENDED;
import static io.callstream.processor.session.Facts.INTERRUPTED;
import static io.callstream.processor.session.Facts.MISSED;
import static io.callstream.processor.session.Facts.OWN_TERMINAL;
import static io.callstream.processor.session.Facts.RECEIVED;
import static io.callstream.processor.session.Facts.RECORDED;
import static io.callstream.processor.session.Facts.REJECTED;
import static io.callstream.processor.session.CallSessionAggregator.max;
import static io.callstream.processor.session.CallSessionAggregator.millis;
import static io.callstream.processor.session.CallSessionAggregator.min;
import static io.callstream.processor.session.Facts.STARTED;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallUser;
import io.callstream.avro.CallUserStatus;
import io.callstream.avro.CallbackFamily;
import io.callstream.avro.MemberChange;
import io.callstream.processor.session.EventReading.UserFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link CallEvent} of any callback family (v1 event, v1 status, v4 start call, end call,
 * member changed; docs/processor.md "Callback families") as an {@link EventReading}. Pure.
 *
 * <p>The v1 event callback says one thing about one user ({@link OutcomeRules#effectOf}); the v4
 * start call names the caller ({@code Calling}) and the callees ({@code Waiting}); a member change
 * says something about each changed user; the v4 end call and the v1 status callback are end-of-call
 * records, authoritative for the call's result and times.
 */
public final class FamilyReader {

    private FamilyReader() {
    }

    public static EventReading read(CallEvent e) {
        CallbackFamily family = e.getFamily() == null ? CallbackFamily.V1_EVENT : e.getFamily();
        return switch (family) {
            case V1_STATUS -> asRecord(e, v1(e));
            case V4_START_CALL -> e.getUsers() == null || e.getUsers().isEmpty() ? v1(e) : startCall(e);
            case V4_END_CALL -> endCall(e);
            case V4_MEMBER_CHANGED -> e.getChangedUsers() == null || e.getChangedUsers().isEmpty() ? v1(e) : memberChanged(e);
            default -> v1(e);
        };
    }

    /**
     * A v1 event: its event type's facts about its user. A call end that carries {@code AcceptTs}, or
     * any event whose {@code CallResult} is {@code normal_end}, also proves that the call was answered:
     * by the reporting callee itself, or (reported by the caller) by the callee of a 1:1 call.
     */
    static EventReading v1(CallEvent e) {
        CallEventType type = e.getEvent();
        EventEffect effect = OutcomeRules.effectOf(type);
        CallRole role = OutcomeRules.roleOf(e.getRole(), type);
        long t = e.getEventTime().toEpochMilli();
        int user = effect.userFacts();
        int call = effect.callFacts();
        int view = effect.callerView();
        if (provesAnswer(e)) {
            call |= ANSWERED;
            if (role == CallRole.CALLEE) {
                user |= ANSWERED;
            } else {
                view |= ANSWERED;
            }
        }
        UserFacts u = new UserFacts(e.getUserId(), role, user, t, effect.answers() && role == CallRole.CALLEE,
                effect.ends());
        return new EventReading(role == CallRole.CALLER ? e.getUserId() : null, List.of(u), call, view,
                min(millis(e.getStartCallTime()), effect.starts() ? t : null),
                min(millis(e.getAcceptTime()), effect.answers() ? t : null),
                max(millis(e.getEndTime()), effect.ends() ? t : null), false);
    }

    private static boolean provesAnswer(CallEvent e) {
        if (e.getResult() == CallResult.NORMAL_END) {
            return true;
        }
        boolean callOver = e.getEvent() == CallEventType.CALL_END || e.getEvent() == CallEventType.CALL_INTERRUPTED;
        return callOver && millis(e.getAcceptTime()) != null;
    }

    /** v4 start call: the first {@code Calling} user is the caller, the {@code Waiting} users are its callees. */
    private static EventReading startCall(CallEvent e) {
        long t = e.getEventTime().toEpochMilli();
        String caller = e.getUsers().stream().filter(u -> u.getStatus() == CallUserStatus.CALLING)
                .map(CallUser::getUserId).findFirst().orElse(null);
        List<UserFacts> users = new ArrayList<>(e.getUsers().size());
        for (CallUser u : e.getUsers()) {
            if (u.getUserId().equals(caller)) {
                users.add(new UserFacts(u.getUserId(), CallRole.CALLER, STARTED, t, false, false));
            } else {
                boolean waiting = u.getStatus() == CallUserStatus.WAITING;
                users.add(new UserFacts(u.getUserId(), waiting ? CallRole.CALLEE : CallRole.UNKNOWN,
                        waiting ? RECEIVED : 0, t, false, false));
            }
        }
        return new EventReading(caller, users, STARTED, 0, min(millis(e.getStartCallTime()), t), null, null, false);
    }

    /** v4 end call: the record's caller and callees (its callee list names the caller too: skipped). */
    private static EventReading endCall(CallEvent e) {
        String caller = e.getCallerId() != null ? e.getCallerId() : e.getUserId();
        long t = e.getEventTime().toEpochMilli();
        List<UserFacts> users = new ArrayList<>();
        users.add(new UserFacts(caller, CallRole.CALLER, 0, t, false, false));
        if (e.getCalleeIds() != null) {
            for (String callee : e.getCalleeIds()) {
                if (!callee.equals(caller)) {
                    users.add(new UserFacts(callee, CallRole.CALLEE, 0, t, false, false));
                }
            }
        }
        return asRecord(e, new EventReading(caller, users, 0, 0, null, null, null, false));
    }

    /**
     * An end-of-call record: the call ended, with its result; an answer when the result is a normal end
     * or the record has an accept time. Its result's facts reach every callee without an outcome of its
     * own (a group record does not say which callee); its times replace those of ordinary events.
     */
    private static EventReading asRecord(CallEvent e, EventReading base) {
        int call = base.callFacts() | RECORDED | ENDED | resultFacts(e.getResult());
        boolean answered = e.getResult() == CallResult.NORMAL_END || millis(e.getAcceptTime()) != null;
        if (answered) {
            call |= ANSWERED;
        }
        Long end = millis(e.getEndTime());
        return new EventReading(base.callerId(), base.users(), call, base.callerView() | (answered ? ANSWERED : 0),
                millis(e.getStartCallTime()),
                millis(e.getAcceptTime()), end != null ? end : Long.valueOf(e.getEventTime().toEpochMilli()), true);
    }

    /** The call-level facts of an end-of-call result (REJECTED, MISSED, BUSY: of every undecided callee). */
    static int resultFacts(CallResult result) {
        if (result == null) {
            return 0;
        }
        return switch (result) {
            case NORMAL_END -> ANSWERED;
            case CANCEL -> CANCELLED;
            case REJECT -> REJECTED;
            case NOT_ANSWER -> MISSED;
            case CALL_BUSY -> BUSY;
            case INTERRUPT, OFFLINE -> INTERRUPTED;
            case UNKNOWN -> 0;
        };
    }

    /** v4 member changed: the listed members (roles unknown), then what each changed user did. */
    private static EventReading memberChanged(CallEvent e) {
        long t = e.getEventTime().toEpochMilli();
        List<UserFacts> users = new ArrayList<>();
        if (e.getUsers() != null) {
            for (CallUser u : e.getUsers()) {
                users.add(new UserFacts(u.getUserId(), CallRole.UNKNOWN, 0, t, false, false));
            }
        }
        int call = 0;
        boolean answers = false;
        boolean ends = false;
        for (MemberChange c : e.getChangedUsers()) {
            UserFacts u = change(c, t);
            users.add(u);
            answers |= u.answers();
            ends |= u.ends();
            call |= u.answers() ? ANSWERED : 0;
        }
        return new EventReading(null, users, call, 0, null, answers ? t : null, ends ? t : null, false);
    }

    /** One changed user: answered or joined, rejected, not answered, hung up, offline, invited, invitation cancelled. */
    static UserFacts change(MemberChange c, long t) {
        String user = c.getUserId();
        return switch (c.getAction()) {
            case ANSWER, JOIN -> new UserFacts(user, CallRole.CALLEE, ANSWERED, t, true, false);
            case REJECT -> ending(user, CallRole.CALLEE, REJECTED, t);
            case NOT_ANSWER -> ending(user, CallRole.CALLEE, MISSED, t);
            case HANG_UP -> ending(user, CallRole.UNKNOWN, ENDED, t);
            case OFFLINE -> ending(user, CallRole.UNKNOWN, INTERRUPTED, t);
            case INVITE -> new UserFacts(user, CallRole.CALLEE, 0, t, false, false);
            case CANCEL_INVITE -> ending(user, CallRole.CALLEE, CANCELLED, t);
            case UNKNOWN -> new UserFacts(user, CallRole.UNKNOWN, 0, t, false, false);
        };
    }

    private static UserFacts ending(String user, CallRole role, int facts, long t) {
        return new UserFacts(user, role, facts | OWN_TERMINAL, t, false, true);
    }
}

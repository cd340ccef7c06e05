package io.callstream.processor.session;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.processor.state.CallSession;
import io.callstream.processor.state.ParticipantState;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges one {@link CallEvent} of any callback family into the {@link CallSession} of its call
 * (store call-sessions): drops duplicate deliveries (same eventId; counted), adds what the event
 * says ({@link FamilyReader}) to the call and to each user it names, and widens the call's time
 * bounds (an end-of-call record's times win). Every merge is commutative
 * (set union, min, max), so the result does not depend on the order of arrival.
 */
public final class CallSessionAggregator {

    /** Result of merging one event. */
    public enum Merge { NEW, DUPLICATE }

    /** {@code closedBy} of an open session: the schema's default. */
    static final int CLOSED_BY_OPEN = -1;

    private CallSessionAggregator() {
    }

    /** A fresh, empty session for a call first seen at wall-clock time {@code wallNow}. */
    public static CallSession newSession(CallEvent e, long wallNow) {
        long t = e.getEventTime().toEpochMilli();
        // the all-args constructor, not the builder: the builder copies each unset field's schema default
        // (Avro's defaultValue lookup) on every new call; these are the same values, in schema order
        return new CallSession(e.getSdkAppId(), null, CallType.UNKNOWN.ordinal(), MediaType.UNKNOWN.ordinal(), null,
                null, 0, 0, null, null, null, t, t, new ArrayList<>(4), ByteBuffer.allocate(0), 0, 0,
                CLOSED_BY_OPEN, 0, 0L, null, wallNow, null, null);
    }

    /** Merges {@code e}, of any callback family, into {@code s} (mutated in place). */
    public static Merge merge(CallSession s, CallEvent e, long wallNow) {
        long id = SeenEventIds.hash(e.getEventId());
        if (SeenEventIds.contains(s.getEventIds(), id)) {
            s.setDuplicateCount(s.getDuplicateCount() + 1);
            return Merge.DUPLICATE;
        }
        s.setEventIds(SeenEventIds.add(s.getEventIds(), id));
        s.setEventCount(s.getEventCount() + 1);
        s.setLastActivityWall(wallNow);
        mergeAttributes(s, e);
        EventReading r = FamilyReader.read(e);
        long t = e.getEventTime().toEpochMilli();
        s.setFirstEventAt(Math.min(s.getFirstEventAt(), t));
        s.setLastEventAt(Math.max(s.getLastEventAt(), t));
        mergeTimes(s, r);
        s.setCallFacts(s.getCallFacts() | r.callFacts());
        s.setCallerView(s.getCallerView() | r.callerView());
        if (r.callerId() != null && s.getCallerId() == null) {
            setCaller(s, r.callerId());
        }
        for (EventReading.UserFacts u : r.users()) {
            ParticipantState p = participant(s, u.userId(), u.role());
            p.setFacts(p.getFacts() | u.facts());
            if (u.answers()) {
                p.setJoinedAt(min(p.getJoinedAt(), u.time()));
            }
            if (u.ends()) {
                p.setLeftAt(max(p.getLeftAt(), u.time()));
            }
        }
        return Merge.NEW;
    }

    /**
     * Start, answer and end times: the earliest start and answer, the latest end. Once an end-of-call
     * record gave one of them, only records move it: whatever the order, a record's time wins.
     */
    private static void mergeTimes(CallSession s, EventReading r) {
        int f = s.getCallFacts();
        if (r.authoritative()) {
            s.setStartHint(recordTime(f, Facts.RECORD_START, s.getStartHint(), r.startedAt(), true));
            s.setAnsweredAt(recordTime(f, Facts.RECORD_ACCEPT, s.getAnsweredAt(), r.answeredAt(), true));
            s.setEndHint(recordTime(f, Facts.RECORD_END, s.getEndHint(), r.endedAt(), false));
            s.setCallFacts(f | (r.startedAt() != null ? Facts.RECORD_START : 0)
                    | (r.answeredAt() != null ? Facts.RECORD_ACCEPT : 0) | (r.endedAt() != null ? Facts.RECORD_END : 0));
            return;
        }
        if (!Facts.has(f, Facts.RECORD_START)) {
            s.setStartHint(min(s.getStartHint(), r.startedAt()));
        }
        if (!Facts.has(f, Facts.RECORD_ACCEPT)) {
            s.setAnsweredAt(min(s.getAnsweredAt(), r.answeredAt()));
        }
        if (!Facts.has(f, Facts.RECORD_END)) {
            s.setEndHint(max(s.getEndHint(), r.endedAt()));
        }
    }

    private static Long recordTime(int facts, int fromRecord, Long current, Long recorded, boolean earliest) {
        if (recorded == null) {
            return current;
        }
        if (!Facts.has(facts, fromRecord)) {
            return recorded;
        }
        return earliest ? min(current, recorded) : max(current, recorded);
    }

    /** True when nothing more is expected: decided, both sides known, every participant reported its end. */
    public static boolean complete(CallSession s, CallView view) {
        if (!view.decided() || s.getStartHint() == null || s.getCallerId() == null) {
            return false;
        }
        if (view.verdicts().stream().anyMatch(Verdict::inferred)) {
            // "ended, no answer seen" may just mean the accept is still on its way: settle first
            return false;
        }
        List<ParticipantState> ps = s.getParticipants();
        if (ps.size() < 2 || (s.getTotalNum() != null && ps.size() < s.getTotalNum())) {
            return false;
        }
        for (ParticipantState p : ps) {
            if (!Facts.has(p.getFacts(), Facts.OWN_TERMINAL)) {
                return false;
            }
        }
        return true;
    }

    private static void mergeAttributes(CallSession s, CallEvent e) {
        if (s.getRoomId() == null) {
            s.setRoomId(e.getRoomId());
        }
        if (s.getCallType() == CallType.UNKNOWN.ordinal()) {
            s.setCallType(e.getCallType().ordinal());
        }
        if (s.getMediaType() == MediaType.UNKNOWN.ordinal()) {
            s.setMediaType(e.getMediaType().ordinal());
        }
        if (e.getTotalNum() != null && (s.getTotalNum() == null || e.getTotalNum() > s.getTotalNum())) {
            s.setTotalNum(e.getTotalNum());
        }
    }

    /**
     * Makes {@code userId} the caller: its participant becomes the CALLER (the caller is never a callee of
     * its own call, whatever a user list said), every participant of unknown role a CALLEE.
     */
    private static void setCaller(CallSession s, String userId) {
        s.setCallerId(userId);
        for (ParticipantState p : s.getParticipants()) {
            if (p.getUserId().equals(userId)) {
                p.setRole(CallRole.CALLER.ordinal());
            } else if (p.getRole() == CallRole.UNKNOWN.ordinal()) {
                p.setRole(CallRole.CALLEE.ordinal());
            }
        }
        s.getParticipants().sort(OUTPUT_ORDER);
    }

    /**
     * The participant {@code userId}, added in output order (caller first, then the others by userId).
     * Its role: CALLER if it is the call's caller, else the role the event shows, else CALLEE once the
     * caller is known, else UNKNOWN (until it is); a known role is never changed by a later event.
     */
    private static ParticipantState participant(CallSession s, String userId, CallRole shown) {
        boolean caller = userId.equals(s.getCallerId());
        CallRole role = caller ? CallRole.CALLER : shown != CallRole.UNKNOWN ? shown
                : s.getCallerId() != null ? CallRole.CALLEE : CallRole.UNKNOWN;
        List<ParticipantState> ps = s.getParticipants();
        for (ParticipantState p : ps) {
            if (p.getUserId().equals(userId)) {
                if (p.getRole() == CallRole.UNKNOWN.ordinal() && role != CallRole.UNKNOWN) {
                    p.setRole(role.ordinal());
                    ps.sort(OUTPUT_ORDER);
                }
                return p;
            }
        }
        ParticipantState p = new ParticipantState(userId, role.ordinal(), 0, null, null);
        int at = 0;
        while (at < ps.size() && before(ps.get(at), p)) {
            at++;
        }
        ps.add(at, p);
        return p;
    }

    private static final Comparator<ParticipantState> OUTPUT_ORDER = (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0;

    private static boolean before(ParticipantState a, ParticipantState b) {
        boolean aCaller = a.getRole() == CallRole.CALLER.ordinal();
        boolean bCaller = b.getRole() == CallRole.CALLER.ordinal();
        if (aCaller != bCaller) {
            return aCaller;
        }
        return a.getUserId().compareTo(b.getUserId()) < 0;
    }

    static Long millis(Instant i) {
        return i == null || i.toEpochMilli() <= 0 ? null : i.toEpochMilli();
    }

    static Long min(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
    }

    static Long max(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }
}

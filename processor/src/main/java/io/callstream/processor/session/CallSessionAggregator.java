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
import java.util.List;

/**
 * Merges one {@link CallEvent} into the {@link CallSession} of its call (store call-sessions):
 * drops duplicate deliveries (same eventId; counted), adds the event's facts to the call and to
 * the reporting participant, and widens the call's time bounds. Every merge is commutative
 * (set union, min, max), so the result does not depend on the order of arrival.
 */
public final class CallSessionAggregator {

    /** Result of merging one event. */
    public enum Merge { NEW, DUPLICATE }

    private CallSessionAggregator() {
    }

    /** A fresh, empty session for a call first seen at wall-clock time {@code wallNow}. */
    public static CallSession newSession(CallEvent e, long wallNow) {
        long t = e.getEventTime().toEpochMilli();
        return CallSession.newBuilder()
                .setSdkAppId(e.getSdkAppId())
                .setCallType(CallType.UNKNOWN.ordinal())
                .setMediaType(MediaType.UNKNOWN.ordinal())
                .setCallFacts(0)
                .setCallerView(0)
                .setFirstEventAt(t)
                .setLastEventAt(t)
                .setParticipants(new ArrayList<>(4))
                .setEventIds(ByteBuffer.allocate(0))
                .setEventCount(0)
                .setDuplicateCount(0)
                .setLastActivityWall(wallNow)
                .build();
    }

    /** Merges {@code e} into {@code s} (mutated in place). */
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
        EventEffect effect = OutcomeRules.effectOf(e.getEvent());
        long t = e.getEventTime().toEpochMilli();
        s.setFirstEventAt(Math.min(s.getFirstEventAt(), t));
        s.setLastEventAt(Math.max(s.getLastEventAt(), t));
        s.setStartHint(min(min(s.getStartHint(), millis(e.getStartCallTime())), effect.starts() ? t : null));
        s.setAnsweredAt(min(min(s.getAnsweredAt(), millis(e.getAcceptTime())), effect.answers() ? t : null));
        s.setEndHint(max(max(s.getEndHint(), millis(e.getEndTime())), effect.ends() ? t : null));
        s.setCallFacts(s.getCallFacts() | effect.callFacts());
        s.setCallerView(s.getCallerView() | effect.callerView());
        CallRole role = OutcomeRules.roleOf(e.getRole(), e.getEvent());
        if (role == CallRole.CALLER && s.getCallerId() == null) {
            s.setCallerId(e.getUserId());
        }
        if (role != CallRole.UNKNOWN) {
            ParticipantState p = participant(s, e.getUserId(), role);
            p.setFacts(p.getFacts() | effect.userFacts());
            if (effect.answers() && role == CallRole.CALLEE) {
                p.setJoinedAt(min(p.getJoinedAt(), t));
            }
            if (effect.ends()) {
                p.setLeftAt(max(p.getLeftAt(), t));
            }
        }
        return Merge.NEW;
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

    /** The participant {@code userId}, added in output order (caller first, then callees by userId). */
    private static ParticipantState participant(CallSession s, String userId, CallRole role) {
        List<ParticipantState> ps = s.getParticipants();
        for (ParticipantState p : ps) {
            if (p.getUserId().equals(userId)) {
                return p;
            }
        }
        ParticipantState p = ParticipantState.newBuilder().setUserId(userId).setRole(role.ordinal())
                .setFacts(0).build();
        int at = 0;
        while (at < ps.size() && before(ps.get(at), p)) {
            at++;
        }
        ps.add(at, p);
        return p;
    }

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

package io.callstream.processor.session;

import io.callstream.avro.CallRole;
import java.util.List;

/**
 * What one {@code CallEvent} of any callback family says about its call, in the terms a session
 * keeps ({@link FamilyReader} makes it, {@link CallSessionAggregator} merges it): facts about each
 * user it names, facts about the whole call, facts the caller's side reports about the callee of a
 * 1:1 call, the caller if it names one, and its times.
 *
 * @param callerId      the call's caller, when this event names it (else null)
 * @param users         what it says about each user it names
 * @param callFacts     call-level {@link Facts}
 * @param callerView    facts about the callee of a 1:1 call (ignored in group calls: they do not say which callee)
 * @param startedAt     a start time (epoch ms), or null
 * @param answeredAt    an answer time, or null
 * @param endedAt       an end time, or null
 * @param authoritative the times come from an end-of-call record (v4 end call, v1 status callback): they
 *                      replace the times ordinary events give
 */
public record EventReading(String callerId, List<UserFacts> users, int callFacts, int callerView,
                           Long startedAt, Long answeredAt, Long endedAt, boolean authoritative) {

    /**
     * What an event says about one user.
     *
     * @param role    the user's role as the event shows it; UNKNOWN when it does not (resolved once the caller is known)
     * @param facts   {@link Facts} about this user
     * @param time    the event time (epoch ms)
     * @param answers this user answered or joined at {@code time}
     * @param ends    this user's part in the call ended at {@code time}
     */
    public record UserFacts(String userId, CallRole role, int facts, long time, boolean answers, boolean ends) {
    }
}

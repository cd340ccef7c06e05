package io.callstream.processor.session;

/**
 * What one event type says: facts about the reporting user, facts about the call as a whole, facts
 * the caller reports about its callee (1:1 calls), and which timestamps it carries.
 *
 * @param userFacts     facts about the event's own user ({@code userId})
 * @param callFacts     call-level facts (any side)
 * @param callerView    facts the caller reports about the callee
 * @param starts        the event time is the call's start
 * @param answers       the event time is an answer time
 * @param ends          the event time ends the call or the user's part in it
 */
public record EventEffect(int userFacts, int callFacts, int callerView, boolean starts, boolean answers, boolean ends) {

    static EventEffect of(int userFacts, int callFacts, int callerView) {
        return new EventEffect(userFacts, callFacts, callerView, false, false, false);
    }

    EventEffect starting() {
        return new EventEffect(userFacts, callFacts, callerView, true, answers, ends);
    }

    EventEffect answering() {
        return new EventEffect(userFacts, callFacts, callerView, starts, true, ends);
    }

    EventEffect ending() {
        return new EventEffect(userFacts | Facts.OWN_TERMINAL, callFacts, callerView, starts, answers, true);
    }
}

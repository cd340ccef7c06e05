package io.callstream.processor.topology;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import java.util.List;

/** What the topology reports as it emits; the application binds it to Micrometer counters. */
public interface SessionMetrics {

    SessionMetrics NOOP = new SessionMetrics() {
    };

    default void summary(CallOutcome outcome, int revision) {
    }

    default void alert(MissedReason reason) {
    }

    default void deadLetter(String reason) {
    }

    default void duplicate() {
    }

    /** An event for a call whose session expired was ignored. */
    default void afterExpiry() {
    }

    /** A decoded event reached the session processor. */
    default void event() {
    }

    /** An event opened a new session (a call not seen before). */
    default void callOpened() {
    }

    /** A summary revision was emitted (after {@link #summary}). */
    default void emitted(CallSummary summary) {
    }

    /** A missed-call alert was emitted (after {@link #alert}). */
    default void emitted(MissedCallAlert alert) {
    }

    /** Reports to every one of {@code all}, in order. */
    static SessionMetrics all(List<SessionMetrics> all) {
        return new SessionMetrics() {
            @Override
            public void summary(CallOutcome outcome, int revision) {
                all.forEach(m -> m.summary(outcome, revision));
            }

            @Override
            public void alert(MissedReason reason) {
                all.forEach(m -> m.alert(reason));
            }

            @Override
            public void deadLetter(String reason) {
                all.forEach(m -> m.deadLetter(reason));
            }

            @Override
            public void duplicate() {
                all.forEach(SessionMetrics::duplicate);
            }

            @Override
            public void afterExpiry() {
                all.forEach(SessionMetrics::afterExpiry);
            }

            @Override
            public void event() {
                all.forEach(SessionMetrics::event);
            }

            @Override
            public void callOpened() {
                all.forEach(SessionMetrics::callOpened);
            }

            @Override
            public void emitted(CallSummary summary) {
                all.forEach(m -> m.emitted(summary));
            }

            @Override
            public void emitted(MissedCallAlert alert) {
                all.forEach(m -> m.emitted(alert));
            }
        };
    }
}

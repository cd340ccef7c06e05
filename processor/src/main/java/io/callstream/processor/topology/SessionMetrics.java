package io.callstream.processor.topology;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.MissedReason;

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
}

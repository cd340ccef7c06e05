package io.callstream.processor.topology;

import org.apache.kafka.common.TopicPartition;

/**
 * Whether a task has read its backlog: the records its input partition held when the task started.
 * After downtime, a session's settle or idle time has often passed while the events that decide
 * it wait in that backlog; the session processor runs no timer until its task has caught up.
 */
public interface InputLag {

    /** Every task counts as caught up at once (TopologyTestDriver tests, where nothing is behind). */
    InputLag NONE = input -> new Tracker() {
        @Override
        public boolean caughtUp() {
            return true;
        }

        @Override
        public void close() {
        }
    };

    /** Starts following a task that begins reading {@code input} now. */
    Tracker track(TopicPartition input);

    /** One task's catch-up; called from its stream thread. */
    interface Tracker extends AutoCloseable {

        /** True once the task has read everything its partition held when tracking began (then stays true). */
        boolean caughtUp();

        /** The task is gone (closed, migrated): stop following it. */
        @Override
        void close();
    }
}

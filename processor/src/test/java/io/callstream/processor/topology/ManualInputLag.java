package io.callstream.processor.topology;

import org.apache.kafka.common.TopicPartition;

/** An {@link InputLag} the test moves by hand: every task is behind until {@link #catchUp()}. */
final class ManualInputLag implements InputLag {

    private volatile boolean caughtUp;

    void catchUp() {
        caughtUp = true;
    }

    @Override
    public Tracker track(TopicPartition input) {
        return new Tracker() {
            @Override
            public boolean caughtUp() {
                return caughtUp;
            }

            @Override
            public void close() {
            }
        };
    }
}

package io.callstream.callbacks.delivery;

import java.util.concurrent.CompletableFuture;

/**
 * Writes {@link Parked} records to the retry topic {@code callback-deliveries-retry}, keyed by callId like
 * {@code call-events} (so, with the same partition count, a call's parked callbacks sit in the partition
 * number of its events and are assigned to the same instance); completes once the broker acknowledged.
 */
class RetryTopic {

    private final AckedWriter writer;
    private final String topic;

    RetryTopic(AckedWriter writer, String topic) {
        this.writer = writer;
        this.topic = topic;
    }

    CompletableFuture<Void> write(Parked p) {
        return writer.write(topic, p.request().callId(), p.toJson()).thenApply(md -> null);
    }
}

package io.callstream.processor.topology;

import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for topic call-events: {@code CallEvent.eventTime}, never later than the wall clock
 * plus {@code session.max.future.skew}. Every record the processor writes for an event (changelog,
 * outputs, dead letter) carries this timestamp, and a broker refuses timestamps too far ahead
 * ({@code log.message.timestamp.after.max.ms}): an unbounded future event time would fail the task
 * on every retry and stop its partition for good. Such an event gets the wall-clock time here and is
 * dead-lettered by {@link DecodeProcessor}. Records that did not decode keep their Kafka timestamp
 * (bounded the same way), or the partition time.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    private final long maxFutureSkewMs;
    private final LongSupplier wallClock;

    public EventTimeExtractor(long maxFutureSkewMs, LongSupplier wallClock) {
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.wallClock = wallClock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long limit = wallClock.getAsLong() + maxFutureSkewMs;
        if (record.value() instanceof DecodedEvent.Ok ok) {
            long t = ok.event().getEventTime().toEpochMilli();
            if (t > limit) {
                return wallClock.getAsLong();
            }
            if (t > 0) {
                return t;
            }
        }
        if (record.timestamp() > limit) {
            return wallClock.getAsLong();
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}

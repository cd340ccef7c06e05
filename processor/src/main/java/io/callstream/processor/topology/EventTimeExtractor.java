package io.callstream.processor.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for topic call-events: {@code CallEvent.eventTime}. Records that did not decode (on
 * their way to the dead-letter topic) keep their Kafka timestamp, or the partition time.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof DecodedEvent.Ok ok) {
            long t = ok.event().getEventTime().toEpochMilli();
            if (t > 0) {
                return t;
            }
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}

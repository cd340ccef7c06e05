package io.callstream.processor.topology;

import io.callstream.avro.CallEvent;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.KafkaRecordOrigin;
import io.callstream.common.logging.LogContext;
import io.callstream.schemas.DeadLetterHeaders;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node {@value CallTopology#DECODER}: passes decoded events with a key to the session processor
 * and sends everything else (undecodable value, missing key, key not the event's callId, an event
 * time further ahead of the wall clock than {@code session.max.future.skew}) to the dead-letter
 * sink as a {@link DeadLetter}, within the same transaction.
 */
final class DecodeProcessor implements Processor<String, DecodedEvent, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeProcessor.class);

    private final SessionMetrics metrics;
    private final long maxFutureSkewMs;
    private final LongSupplier wallClock;
    private ProcessorContext<String, Object> context;

    /** {@code wallClock} is the extractor's (a real clock: event times are compared with real time). */
    DecodeProcessor(SessionMetrics metrics, long maxFutureSkewMs, LongSupplier wallClock) {
        this.metrics = metrics;
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.wallClock = wallClock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, DecodedEvent> record) {
        String key = record.key();
        if (record.value() instanceof DecodedEvent.Ok ok) {
            CallEvent e = ok.event();
            if (key == null || key.isEmpty()) {
                deadLetter(record, e.getCallId(), ok.raw(), DeadLetters.MISSING_KEY, "record key (callId) is missing");
            } else if (!key.equals(e.getCallId())) {
                deadLetter(record, key, ok.raw(), DeadLetters.KEY_NOT_CALL_ID, "record key '" + key
                        + "' is not the event's callId '" + e.getCallId() + "'");
            } else if (e.getEventTime().toEpochMilli() > wallClock.getAsLong() + maxFutureSkewMs) {
                deadLetter(record, key, ok.raw(), DeadLetters.EVENT_TIME_IN_FUTURE, "eventTime " + e.getEventTime()
                        + " is more than " + maxFutureSkewMs / 1000 + " s ahead of the processor's clock"
                        + " (session.max.future.skew)");
            } else {
                context.forward(record.withValue(e), CallTopology.SESSIONS);
            }
        } else if (record.value() instanceof DecodedEvent.Failed f) {
            deadLetter(record, key == null || key.isEmpty() ? null : key, f.raw(), DeadLetters.UNDECODABLE_VALUE,
                    "undecodable value: " + f.error());
        }
    }

    /**
     * Forwards the record's {@link DeadLetter} to the dead-letter sink, keyed by {@code key}, with
     * the record's headers plus the dead-letter headers ({@link DeadLetterHeaders}).
     */
    private void deadLetter(Record<String, DecodedEvent> record, String key, byte[] raw, String reason, String message) {
        KafkaRecordOrigin origin = context.recordMetadata().map(m -> KafkaRecordOrigin.newBuilder()
                .setTopic(m.topic()).setPartition(m.partition()).setOffset(m.offset())
                .setKey(record.key()).build()).orElse(null);
        DeadLetter letter = DeadLetters.of(reason, message, origin, key, raw,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        CallEvent event = record.value() instanceof DecodedEvent.Ok ok ? ok.event() : null;
        try (LogContext ignored = LogContext.call(key, event == null ? null : event.getSdkAppId())
                .with(LogContext.EVENT_ID, event == null ? null : event.getEventId())) {
            LOG.warn("Dead-lettering record {} (key {}): {}", DeadLetterHeaders.origin(letter), key, message);
        }
        metrics.deadLetter(reason);
        Headers headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.addTo(headers, letter);
        context.forward(new Record<String, Object>(key, letter, record.timestamp(), headers), CallTopology.DLQ_SINK);
    }
}

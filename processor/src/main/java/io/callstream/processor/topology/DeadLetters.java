package io.callstream.processor.topology;

import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.avro.KafkaRecordOrigin;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The {@link DeadLetter} (schemas' one shape of call-events-dlq) of a call-events record the
 * processor cannot use: {@code source} PROCESSOR, the {@code reason} ({@value #UNDECODABLE_VALUE},
 * {@value #MISSING_KEY}, {@value #KEY_NOT_CALL_ID}, {@value #EVENT_TIME_IN_FUTURE}), the message,
 * the record's value byte for byte, and where it was read (topic, partition, offset, key).
 */
public final class DeadLetters {

    /** The value is not a CallEvent in the Confluent wire format (or has no eventTime, or is a tombstone). */
    public static final String UNDECODABLE_VALUE = "UNDECODABLE_VALUE";
    /** The record has no key (the callId). */
    public static final String MISSING_KEY = "MISSING_KEY";
    /** The record's key is not the event's callId. */
    public static final String KEY_NOT_CALL_ID = "KEY_NOT_CALL_ID";
    /** The event time is further ahead of the processor's clock than {@code session.max.future.skew}. */
    public static final String EVENT_TIME_IN_FUTURE = "EVENT_TIME_IN_FUTURE";
    /** Every reason above. */
    public static final java.util.List<String> REASONS = java.util.List.of(UNDECODABLE_VALUE, MISSING_KEY, KEY_NOT_CALL_ID,
            EVENT_TIME_IN_FUTURE);

    private DeadLetters() {
    }

    /**
     * The dead letter of one record; {@code origin} is null when the record's position is unknown
     * (a punctuation, never the case for the decoder).
     */
    public static DeadLetter of(String reason, String message, KafkaRecordOrigin origin, String callId, byte[] value,
                                Instant now) {
        return DeadLetter.newBuilder()
                .setSource(DeadLetterSource.PROCESSOR)
                .setReason(reason)
                .setMessage(message)
                .setDeadLetteredAt(now)
                .setCallId(callId)
                .setPayload(value == null ? null : ByteBuffer.wrap(value))
                .setKafkaRecord(origin)
                .build();
    }
}

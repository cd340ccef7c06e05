package io.callstream.schemas;

/**
 * Default topic names of CONTRACT section 2 and the subject naming of the topic-name strategy.
 * Every name is configurable in the services; these are the defaults.
 */
public final class Topics {

    /** Avro {@code CallEvent}, key callId, written by ingest. */
    public static final String CALL_EVENTS = "call-events";
    /** Avro {@code DeadLetter} (one shape, written by ingest and processor), key callId where known. */
    public static final String CALL_EVENTS_DLQ = "call-events-dlq";
    /** Avro {@code CallSummary}, key callId, written by processor. */
    public static final String CALL_SUMMARIES = "call-summaries";
    /** Avro {@code MissedCallAlert}, key callee userId, written by processor. */
    public static final String MISSED_CALL_ALERTS = "missed-call-alerts";
    /**
     * Avro {@code CallParticipant}, one per participant of every summary revision, key
     * {@code sdkAppId:callId:userId}, written by processor (flat rows for relational sinks).
     */
    public static final String CALL_PARTICIPANTS = "call-participants";

    private Topics() {
    }

    /** Subject of a topic's values under the topic-name strategy: {@code <topic>-value}. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    /** Subject of a topic's keys under the topic-name strategy: {@code <topic>-key}. */
    public static String keySubject(String topic) {
        return topic + "-key";
    }
}

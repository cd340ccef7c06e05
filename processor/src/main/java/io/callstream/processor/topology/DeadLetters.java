package io.callstream.processor.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The JSON value of a processor record on call-events-dlq: {@code source} "processor", the
 * {@code reason} ({@value #UNDECODABLE}, {@value #MISSING_KEY}, {@value #KEY_MISMATCH},
 * {@value #EVENT_TIME_IN_FUTURE}) and the
 * human-readable {@code error}, where the record came from ({@code topic}, {@code partition}, {@code offset}),
 * its {@code key} and its raw value as Base64 ({@code valueBase64}), and the {@code time}.
 */
public final class DeadLetters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetters() {
    }

    /** Short machine-readable reasons. */
    public static final String UNDECODABLE = "undecodable-value";
    public static final String MISSING_KEY = "missing-key";
    public static final String KEY_MISMATCH = "key-not-call-id";
    public static final String EVENT_TIME_IN_FUTURE = "event-time-in-future";

    public static byte[] json(String reason, String error, String topic, int partition, long offset, String key, byte[] raw,
                              Instant time) {
        ObjectNode n = JSON.createObjectNode();
        n.put("source", "processor");
        n.put("reason", reason);
        n.put("error", error);
        n.put("topic", topic);
        n.put("partition", partition);
        n.put("offset", offset);
        n.put("key", key);
        n.put("valueBase64", raw == null ? null : Base64.getEncoder().encodeToString(raw));
        n.put("time", time.toString());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }
}

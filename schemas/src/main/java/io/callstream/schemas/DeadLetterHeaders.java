package io.callstream.schemas;

import io.callstream.avro.DeadLetter;
import io.callstream.avro.HttpRequestOrigin;
import io.callstream.avro.KafkaRecordOrigin;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka record headers of every {@link DeadLetter} on {@code call-events-dlq}, derived from
 * the value so that a consumer can route or count dead letters without decoding them. Values are
 * UTF-8 text. Named the way Kafka Connect ({@code __connect.errors.*}) and Kafka Streams
 * ({@code __streams.errors.*}) name theirs:
 * <ul>
 *   <li>on every dead letter: {@value #SOURCE} ({@code ingest} or {@code processor}),
 *       {@value #REASON}, {@value #MESSAGE} and {@value #ORIGIN} (e.g.
 *       {@code POST /callbacks/callkit from 10.0.0.7:5555} or {@code call-events-1@42});</li>
 *   <li>on a dead letter read from a topic, in addition, the names Kafka Streams' own dead-letter
 *       queue writes (KIP-1034): {@value #STREAMS_TOPIC}, {@value #STREAMS_PARTITION},
 *       {@value #STREAMS_OFFSET}, {@value #STREAMS_MESSAGE}.</li>
 * </ul>
 */
public final class DeadLetterHeaders {

    public static final String SOURCE = "__callstream.errors.source";
    public static final String REASON = "__callstream.errors.reason";
    public static final String MESSAGE = "__callstream.errors.message";
    public static final String ORIGIN = "__callstream.errors.origin";
    public static final String STREAMS_TOPIC = "__streams.errors.topic";
    public static final String STREAMS_PARTITION = "__streams.errors.partition";
    public static final String STREAMS_OFFSET = "__streams.errors.offset";
    public static final String STREAMS_MESSAGE = "__streams.errors.message";

    private DeadLetterHeaders() {
    }

    /** The headers of this dead letter. */
    public static Headers of(DeadLetter letter) {
        Headers headers = new RecordHeaders();
        addTo(headers, letter);
        return headers;
    }

    /** Adds the headers of this dead letter to {@code headers} (e.g. the original record's). */
    public static void addTo(Headers headers, DeadLetter letter) {
        put(headers, SOURCE, letter.getSource().name().toLowerCase(Locale.ROOT));
        put(headers, REASON, letter.getReason());
        put(headers, MESSAGE, letter.getMessage());
        put(headers, ORIGIN, origin(letter));
        KafkaRecordOrigin record = letter.getKafkaRecord();
        if (record != null) {
            put(headers, STREAMS_TOPIC, record.getTopic());
            put(headers, STREAMS_PARTITION, Integer.toString(record.getPartition()));
            put(headers, STREAMS_OFFSET, Long.toString(record.getOffset()));
            put(headers, STREAMS_MESSAGE, letter.getMessage());
        }
    }

    /** Where the dead letter came from, in one line: the request line and sender, or topic-partition@offset. */
    public static String origin(DeadLetter letter) {
        HttpRequestOrigin http = letter.getHttpRequest();
        if (http != null) {
            return http.getMethod() + " " + http.getPath()
                    + (http.getRemoteAddress() == null ? "" : " from " + http.getRemoteAddress());
        }
        KafkaRecordOrigin record = letter.getKafkaRecord();
        if (record != null) {
            return record.getTopic() + "-" + record.getPartition() + "@" + record.getOffset();
        }
        return "unknown";
    }

    /** The text of a header, or null when it is absent. */
    public static String text(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

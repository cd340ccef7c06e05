package io.callstream.deploy.tail;

import io.callstream.deploy.traffic.Json;
import org.apache.avro.generic.GenericData;

/** Renders one output record as a JSON line: topic, partition, offset, key and the decoded Avro value. */
public final class RecordJson {

    private RecordJson() {
    }

    /** {@code value} is a decoded Avro record (its JSON form), or null for a tombstone. */
    public static String line(String topic, int partition, long offset, String key, Object value) {
        StringBuilder sb = new StringBuilder("{\"topic\":");
        Json.quote(sb, topic).append(",\"partition\":").append(partition).append(",\"offset\":").append(offset)
                .append(",\"key\":");
        if (key == null) {
            sb.append("null");
        } else {
            Json.quote(sb, key);
        }
        sb.append(",\"value\":").append(value == null ? "null" : GenericData.get().toString(value));
        return sb.append('}').toString();
    }

    /** A JSON line for a record that could not be decoded, so the tail goes on. */
    public static String error(String topic, int partition, long offset, String message) {
        StringBuilder sb = new StringBuilder("{\"topic\":");
        Json.quote(sb, topic).append(",\"partition\":").append(partition).append(",\"offset\":").append(offset)
                .append(",\"error\":");
        return Json.quote(sb, message).append('}').toString();
    }
}

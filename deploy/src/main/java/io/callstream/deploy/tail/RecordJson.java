package io.callstream.deploy.tail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import org.apache.avro.generic.GenericData;

/** Renders one output record as a JSON line: topic, partition, offset, key and the decoded Avro value. */
public final class RecordJson {

    private RecordJson() {
    }

    /** {@code value} is a decoded Avro record (its JSON form), or null for a tombstone. */
    public static String line(String topic, int partition, long offset, String key, Object value) {
        ObjectNode n = position(topic, partition, offset);
        n.put("key", key);
        if (value == null) {
            n.putNull("value");
        } else {
            n.putRawValue("value", new RawValue(GenericData.get().toString(value)));
        }
        return n.toString();
    }

    /** A JSON line for a record that could not be decoded, so the tail goes on. */
    public static String error(String topic, int partition, long offset, String message) {
        return position(topic, partition, offset).put("error", message).toString();
    }

    private static ObjectNode position(String topic, int partition, long offset) {
        return JsonNodeFactory.instance.objectNode().put("topic", topic).put("partition", partition)
                .put("offset", offset);
    }
}

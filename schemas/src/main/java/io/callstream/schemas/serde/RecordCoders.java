package io.callstream.schemas.serde;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The hand-written {@link RecordCoder}s of the public records the pipeline writes and reads on every
 * event: {@link CallEvent}, {@link CallSummary}, {@link MissedCallAlert}, {@link CallParticipant}.
 * Other records (dead letters: rare) go through Avro's datum writers and readers.
 */
public final class RecordCoders {

    private static final Map<Class<?>, RecordCoder<?>> CODERS = Map.of(
            CallEvent.class, new CallEventCoder(),
            CallSummary.class, new CallSummaryCoder(),
            MissedCallAlert.class, new MissedCallAlertCoder(),
            CallParticipant.class, new CallParticipantCoder());

    private RecordCoders() {
    }

    /** The coder of a generated class, or null when it has none. */
    @SuppressWarnings("unchecked")
    public static <T> RecordCoder<T> forClass(Class<T> type) {
        return type == null ? null : (RecordCoder<T>) CODERS.get(type);
    }

    /**
     * The coder that writes records of this schema, or null: only for a compiled schema of a record
     * with a coder (or one equal to it).
     */
    public static RecordCoder<?> forSchema(Schema schema) {
        for (RecordCoder<?> coder : CODERS.values()) {
            if (coder.schema() == schema || coder.schema().equals(schema)) {
                return coder;
            }
        }
        return null;
    }

    /**
     * The coder of {@code type} if it can decode what {@code writer} wrote: only when the writer
     * schema is the compiled schema itself (equal by Avro's rules: names, types, logical types, field
     * order, defaults). Null otherwise: the record needs schema resolution.
     */
    public static <T> RecordCoder<T> forWriter(Class<T> type, Schema writer) {
        RecordCoder<T> coder = forClass(type);
        return coder != null && (coder.schema() == writer || coder.schema().equals(writer)) ? coder : null;
    }
}

package io.callstream.schemas.serde;

import java.util.ArrayList;
import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;

/**
 * The data model our deserializers decode with: the generated classes' logical-type conversions
 * (timestamps as {@link java.time.Instant}), and arrays decoded as plain {@link ArrayList}s.
 * Avro's own {@code GenericData.Array} compares elements without the conversions, so a decoded
 * {@code CallSummary} would not {@code equals} the one that was written.
 */
final class ListSpecificData extends SpecificData {

    static final ListSpecificData INSTANCE = new ListSpecificData();

    private ListSpecificData() {
        super(ListSpecificData.class.getClassLoader());
        addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        addLogicalTypeConversion(new TimeConversions.DateConversion());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object newArray(Object old, int size, Schema schema) {
        if (old instanceof ArrayList<?> list) {
            list.clear();
            return list;
        }
        if (old instanceof Collection<?> c) {
            c.clear();
            return c;
        }
        return new ArrayList<>(size);
    }
}

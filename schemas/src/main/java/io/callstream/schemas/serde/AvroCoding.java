package io.callstream.schemas.serde;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroTypeException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * The pieces the hand-written {@link RecordCoder}s are made of, each the binary encoding Avro's
 * datum writers and readers use: a {@code ["null", X]} union is branch 0 (nothing follows) or
 * branch 1 then X; {@code timestamp-millis} is the epoch milliseconds as a long; an enum is its
 * symbol's index; arrays and maps are blocks (count, items) ended by a zero count.
 */
final class AvroCoding {

    /** Collections are presized at most this much: the count in the bytes is not trusted. */
    private static final int MAX_PRESIZE = 64;

    private AvroCoding() {
    }

    @FunctionalInterface
    interface ItemWriter<T> {
        void write(T value, Encoder out) throws IOException;
    }

    @FunctionalInterface
    interface ItemReader<T> {
        T read(Decoder in) throws IOException;
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new NullPointerException("null value for non-nullable field " + field);
        }
        return value;
    }

    static void writeString(String value, String field, Encoder out) throws IOException {
        out.writeString(required(value, field));
    }

    static void writeInstant(Instant value, String field, Encoder out) throws IOException {
        out.writeLong(required(value, field).toEpochMilli());
    }

    static void writeEnum(Enum<?> value, String field, Encoder out) throws IOException {
        out.writeEnum(required(value, field).ordinal());
    }

    static void writeOptionalString(String value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeString(value);
        }
    }

    static void writeOptionalInt(Integer value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeInt(value);
        }
    }

    static void writeOptionalLong(Long value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeLong(value);
        }
    }

    static void writeOptionalInstant(Instant value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeLong(value.toEpochMilli());
        }
    }

    static void writeOptionalEnum(Enum<?> value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeEnum(value.ordinal());
        }
    }

    static <T> void writeArray(List<T> items, String field, ItemWriter<T> item, Encoder out) throws IOException {
        required(items, field);
        out.writeArrayStart();
        out.setItemCount(items.size());
        for (T t : items) {
            out.startItem();
            item.write(required(t, field + "[]"), out);
        }
        out.writeArrayEnd();
    }

    static <T> void writeOptionalArray(List<T> items, String field, ItemWriter<T> item, Encoder out)
            throws IOException {
        if (items == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            writeArray(items, field, item, out);
        }
    }

    static void writeStringMap(Map<String, String> map, String field, Encoder out) throws IOException {
        required(map, field);
        out.writeMapStart();
        out.setItemCount(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.startItem();
            out.writeString(required(e.getKey(), field + " key"));
            out.writeString(required(e.getValue(), field + " value"));
        }
        out.writeMapEnd();
    }

    /** The branch of a {@code ["null", X]} union: false for null, true for X. */
    static boolean present(Decoder in) throws IOException {
        int branch = in.readIndex();
        if (branch == 0) {
            in.readNull();
            return false;
        }
        if (branch == 1) {
            return true;
        }
        throw new AvroTypeException("union branch " + branch + " out of range (a [\"null\", X] union has 2)");
    }

    static Instant readInstant(Decoder in) throws IOException {
        return Instant.ofEpochMilli(in.readLong());
    }

    static <E extends Enum<E>> E readEnum(E[] symbols, Decoder in) throws IOException {
        int index = in.readEnum();
        if (index < 0 || index >= symbols.length) {
            throw new AvroTypeException("enum index " + index + " out of range for "
                    + symbols.getClass().getComponentType().getSimpleName() + " (" + symbols.length + " symbols)");
        }
        return symbols[index];
    }

    static String readOptionalString(Decoder in) throws IOException {
        return present(in) ? in.readString() : null;
    }

    static Integer readOptionalInt(Decoder in) throws IOException {
        return present(in) ? in.readInt() : null;
    }

    static Long readOptionalLong(Decoder in) throws IOException {
        return present(in) ? in.readLong() : null;
    }

    static Instant readOptionalInstant(Decoder in) throws IOException {
        return present(in) ? readInstant(in) : null;
    }

    static <E extends Enum<E>> E readOptionalEnum(E[] symbols, Decoder in) throws IOException {
        return present(in) ? readEnum(symbols, in) : null;
    }

    /** An array as an {@link ArrayList}, as the serdes' data model decodes arrays. */
    static <T> List<T> readArray(ItemReader<T> item, Decoder in) throws IOException {
        long n = in.readArrayStart();
        List<T> list = new ArrayList<>((int) Math.min(n, MAX_PRESIZE));
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                list.add(item.read(in));
            }
            n = in.arrayNext();
        }
        return list;
    }

    static <T> List<T> readOptionalArray(ItemReader<T> item, Decoder in) throws IOException {
        return present(in) ? readArray(item, in) : null;
    }

    static Map<String, String> readStringMap(Decoder in) throws IOException {
        long n = in.readMapStart();
        Map<String, String> map = new HashMap<>((int) Math.min(n, MAX_PRESIZE) * 4 / 3 + 1);
        while (n > 0) {
            for (long i = 0; i < n; i++) {
                String key = in.readString();
                map.put(key, in.readString());
            }
            n = in.mapNext();
        }
        return map;
    }
}

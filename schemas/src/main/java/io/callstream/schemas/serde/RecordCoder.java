package io.callstream.schemas.serde;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * A hand-written Avro binary coder of one generated class: it writes and reads the fields in the
 * order of the class's compiled schema, giving exactly the bytes {@code SpecificDatumWriter} writes
 * and the record {@code SpecificDatumReader} reads. It knows only that one schema: the serdes use it
 * when the writer schema equals {@link #schema()} and resolve every other writer schema the usual way.
 * Avro generates such coders itself ({@code setCustomCoders}) but not for records with logical types.
 */
public interface RecordCoder<T> {

    /** The generated class. */
    Class<T> type();

    /** The compiled schema this coder writes and reads. */
    Schema schema();

    void write(T value, Encoder out) throws IOException;

    T read(Decoder in) throws IOException;
}

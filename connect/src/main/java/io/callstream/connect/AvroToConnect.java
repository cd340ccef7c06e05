package io.callstream.connect;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Maps Avro schemas and decoded Avro data onto Connect schemas and data, the way sinks expect them:
 * records become structs, {@code ["null", X]} an optional X, {@code timestamp-millis} a Connect
 * {@link Timestamp} (a {@code java.util.Date}), {@code date} a Connect {@link Date}, enums strings,
 * arrays and maps their Connect counterparts. Other unions have no Connect equivalent and are refused.
 * Schemas are cached by Avro schema, so a topic's records share one Connect schema object.
 */
final class AvroToConnect {

    private final Map<org.apache.avro.Schema, Schema> schemas = new ConcurrentHashMap<>();

    /** The Connect schema of an Avro schema (a top-level record: a required struct). */
    Schema schema(org.apache.avro.Schema avro) {
        return schemas.computeIfAbsent(avro, s -> build(s, false));
    }

    /** The Connect value of a decoded Avro datum of the given Connect schema. */
    Object value(Schema schema, Object avro) {
        if (avro == null) {
            if (!schema.isOptional()) {
                throw new DataException("null for the required " + describe(schema));
            }
            return null;
        }
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return avro instanceof Instant i ? java.util.Date.from(i) : new java.util.Date((Long) avro);
        }
        if (Date.LOGICAL_NAME.equals(schema.name())) {
            int days = avro instanceof java.time.LocalDate d ? (int) d.toEpochDay() : (Integer) avro;
            return new java.util.Date(days * 86_400_000L);
        }
        return switch (schema.type()) {
            case STRUCT -> struct(schema, (IndexedRecord) avro);
            case STRING -> avro.toString();
            case ARRAY -> array(schema, (List<?>) avro);
            case MAP -> map(schema, (Map<?, ?>) avro);
            case BYTES -> avro instanceof GenericFixed f ? f.bytes() : bytes((ByteBuffer) avro);
            default -> avro;
        };
    }

    private Schema build(org.apache.avro.Schema avro, boolean optional) {
        SchemaBuilder builder = switch (avro.getType()) {
            case RECORD -> record(avro);
            case UNION -> builderOf(build(nullableOf(avro), false)).optional();
            case ENUM, STRING -> SchemaBuilder.string();
            case LONG -> isTimestamp(avro.getLogicalType()) ? Timestamp.builder() : SchemaBuilder.int64();
            case INT -> avro.getLogicalType() instanceof LogicalTypes.Date ? Date.builder() : SchemaBuilder.int32();
            case BOOLEAN -> SchemaBuilder.bool();
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BYTES, FIXED -> SchemaBuilder.bytes();
            case ARRAY -> SchemaBuilder.array(build(avro.getElementType(), false));
            case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, build(avro.getValueType(), false));
            case NULL -> throw new DataException("a field of type null has no Connect type");
        };
        if (optional) {
            builder.optional();
        }
        return builder.build();
    }

    private SchemaBuilder record(org.apache.avro.Schema avro) {
        SchemaBuilder struct = SchemaBuilder.struct().name(avro.getFullName());
        if (avro.getDoc() != null) {
            struct.doc(avro.getDoc());
        }
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
            struct.field(field.name(), build(field.schema(), false));
        }
        return struct;
    }

    /** The X of {@code ["null", X]} or {@code [X, "null"]}; any other union is refused. */
    private static org.apache.avro.Schema nullableOf(org.apache.avro.Schema union) {
        List<org.apache.avro.Schema> types = union.getTypes();
        List<org.apache.avro.Schema> nonNull = types.stream()
                .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).toList();
        if (types.size() != 2 || nonNull.size() != 1) {
            throw new DataException("only [\"null\", X] unions map to Connect, got " + union);
        }
        return nonNull.get(0);
    }

    /** A builder carrying an already-built schema's type, name and parameters, to mark it optional. */
    private static SchemaBuilder builderOf(Schema built) {
        SchemaBuilder builder = switch (built.type()) {
            case STRUCT -> {
                SchemaBuilder s = SchemaBuilder.struct();
                built.fields().forEach(f -> s.field(f.name(), f.schema()));
                yield s;
            }
            case ARRAY -> SchemaBuilder.array(built.valueSchema());
            case MAP -> SchemaBuilder.map(built.keySchema(), built.valueSchema());
            default -> SchemaBuilder.type(built.type());
        };
        if (built.name() != null) {
            builder.name(built.name());
        }
        if (built.version() != null) {
            builder.version(built.version());
        }
        if (built.doc() != null) {
            builder.doc(built.doc());
        }
        return builder;
    }

    private static boolean isTimestamp(LogicalType type) {
        return type instanceof LogicalTypes.TimestampMillis;
    }

    private Struct struct(Schema schema, IndexedRecord record) {
        Struct struct = new Struct(schema);
        org.apache.avro.Schema avro = record.getSchema();
        for (Field field : schema.fields()) {
            org.apache.avro.Schema.Field avroField = avro.getField(field.name());
            struct.put(field, value(field.schema(), record.get(avroField.pos())));
        }
        return struct;
    }

    private List<Object> array(Schema schema, List<?> items) {
        List<Object> out = new ArrayList<>(items.size());
        items.forEach(item -> out.add(value(schema.valueSchema(), item)));
        return out;
    }

    private Map<String, Object> map(Schema schema, Map<?, ?> entries) {
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k.toString(), value(schema.valueSchema(), v)));
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static String describe(Schema schema) {
        return (schema.name() == null ? schema.type().getName() : schema.name()) + " value";
    }
}

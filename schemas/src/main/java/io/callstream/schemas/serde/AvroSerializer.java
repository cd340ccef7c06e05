package io.callstream.schemas.serde;

import io.callstream.schemas.AvroTrust;
import io.callstream.schemas.Topics;
import io.callstream.schemas.registry.RegisteredSchema;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format under the subject {@code <topic>-value}
 * ({@code -key} for keys). The schema id comes from the registry once per (subject, schema) and is
 * cached; see {@link AvroSerdeConfig} for auto-registration and {@code use.latest.version}.
 */
public class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    /** Where records of one schema go: the id, the schema written, and the fast coder when one applies. */
    private record Target(int id, Schema writerSchema, boolean convert, RecordCoder<Object> coder) {
    }

    /**
     * Per-thread output buffer and encoder, reused record after record (a serializer is shared by
     * stream threads and event loops). The encoder is handed back only after a clean write, so a
     * failed one leaves no bytes behind for the next record.
     */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        final ByteSink out = new ByteSink();
        BinaryEncoder encoder;
    }

    private SchemaRegistryClient client;
    private AvroSerdeConfig config;
    private boolean isKey;
    /** topic → record schema → target (the subject is derived from the topic once, on a miss). */
    private final Map<String, Map<Schema, Target>> targets = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public AvroSerializer() {
        AvroTrust.install();
    }

    /** With a client of the caller's (shared, cached); configure with serde settings only. */
    public AvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        this();
        this.client = client;
        this.config = config;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = SchemaRegistryClients.create(configs);
        }
        this.config = AvroSerdeConfig.from(configs);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroSerializer is not configured: schema.registry.url is missing");
        }
        Schema schema = data.getSchema();
        Target target = target(topic, schema);
        Buffers b = BUFFERS.get();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
        b.encoder = null;
        try {
            b.out.reset();
            b.out.write(WireFormat.MAGIC_BYTE);
            b.out.writeInt(target.id());
            if (target.coder() != null && (Class<?>) target.coder().type() == data.getClass()) {
                target.coder().write(data, encoder);
            } else {
                Object datum = target.convert() ? convert(data, target.writerSchema()) : data;
                writer(target.writerSchema()).write(datum, encoder);
            }
            encoder.flush();
            byte[] bytes = b.out.toByteArray();
            b.out.release();
            b.encoder = encoder;
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + schema.getFullName() + " for topic " + topic
                    + " with schema id " + target.id() + ": " + e.getMessage(), e);
        }
    }

    private Target target(String topic, Schema schema) {
        Map<Schema, Target> bySchema = targets.get(topic);
        Target target = bySchema == null ? null : bySchema.get(schema);
        if (target != null) {
            return target;
        }
        String subject = isKey ? Topics.keySubject(topic) : Topics.valueSubject(topic);
        return targets.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(schema, s -> resolve(subject, s));
    }

    private Target resolve(String subject, Schema schema) {
        try {
            if (config.useLatestVersion()) {
                RegisteredSchema latest = client.latest(subject);
                Schema latestSchema = new Schema.Parser().parse(latest.schema());
                boolean convert = !latestSchema.equals(schema);
                return new Target(latest.id(), latestSchema, convert, convert ? null : coder(schema));
            }
            int id = config.autoRegister() ? client.register(subject, schema) : client.lookupId(subject, schema);
            return new Target(id, schema, false, coder(schema));
        } catch (SchemaRegistryException e) {
            String hint = config.autoRegister() || config.useLatestVersion() ? ""
                    : " (auto.register.schemas=false: the schema must be registered by a deploy step)";
            throw new SerializationException("Cannot get a schema id for " + schema.getFullName() + " under subject "
                    + subject + ": " + e.getMessage() + hint, e);
        }
    }

    /**
     * The fast coder of the generated class whose compiled schema this is, if any and enabled; used
     * for instances of that class only (a generic record of the same schema takes the datum writer).
     */
    @SuppressWarnings("unchecked")
    private RecordCoder<Object> coder(Schema schema) {
        if (!config.fastCoders()) {
            return null;
        }
        return (RecordCoder<Object>) RecordCoders.forSchema(schema);
    }

    /** Re-encodes a record written with its own schema into the registered latest schema. */
    private Object convert(T data, Schema latest) throws IOException {
        ByteArrayOutputStream tmp = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(tmp, null);
        writer(data.getSchema()).write(data, enc);
        enc.flush();
        return new GenericDatumReader<Object>(data.getSchema(), latest, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(tmp.toByteArray(), null));
    }

    private DatumWriter<Object> writer(Schema schema) {
        return writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
    }

    @Override
    public void close() {
        // The client may be shared; its owner closes it.
    }
}

package io.callstream.callbacks.delivery;

import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroDeserializer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;

/**
 * The SDKAppID of a {@code call-events} record without decoding the rest: the writer's schema (from the
 * registry, by the record's schema id) is resolved onto a projection holding only {@code sdkAppId}, so the
 * other fields are skipped, not built. The consumer's thread uses it to queue the record to its app's
 * {@link DispatchLanes} queue before the full decoding.
 */
final class AppIds {

    /** Not an SDKAppID: the record has no value or does not decode (its full decoding then dead-letters it). */
    static final long UNKNOWN = -1;

    static final Schema PROJECTION = SchemaBuilder.record("CallEvent").namespace("io.callstream.avro")
            .fields().requiredLong("sdkAppId").endRecord();

    private final AvroDeserializer<GenericRecord> projection;

    AppIds(Map<String, ?> registryProps) {
        this.projection = new AvroDeserializer<>(SchemaRegistryClients.create(registryProps), PROJECTION);
    }

    long of(String topic, byte[] value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            Object id = projection.deserialize(topic, value).get("sdkAppId");
            return id instanceof Long l ? l : UNKNOWN;
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }
}

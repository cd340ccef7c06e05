package io.callstream.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST protocol callstream uses. Implementations:
 * {@link RestSchemaRegistryClient} (HTTP), {@link InMemorySchemaRegistry} ({@code mock://}), and
 * {@link CachedSchemaRegistryClient}, which makes either one free of calls once warm.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers the schema under the subject (or finds it registered) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with this global id. */
    Schema getById(int id);

    /** The id of a schema already registered under the subject; 40403/40401 when it is not. */
    int lookupId(String subject, Schema schema);

    /** The latest version registered under the subject. */
    RegisteredSchema latest(String subject);

    @Override
    default void close() {
    }
}

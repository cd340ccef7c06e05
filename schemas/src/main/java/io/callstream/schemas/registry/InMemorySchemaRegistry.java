package io.callstream.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-memory registry with the Confluent semantics callstream relies on (global ids shared across
 * subjects, BACKWARD compatibility per subject, Confluent error codes), for the fast test tier.
 * Selected by a {@code mock://<scope>} URL: every client of one scope in one JVM sees one registry.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<String, Integer> idsByCanonical = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, List<RegisteredSchema>> versions = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    /** The registry of a scope, created on first use. */
    public static InMemorySchemaRegistry scope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope, e.g. after a test. */
    public static void drop(String scope) {
        SCOPES.remove(scope);
    }

    /** The registry a {@code mock://<scope>} URL names. */
    public static InMemorySchemaRegistry forUrl(String url) {
        return scope(url.substring("mock://".length()));
    }

    /** How many calls reached this registry (to show that clients cache). */
    public int callCount() {
        return calls.get();
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        calls.incrementAndGet();
        List<RegisteredSchema> history = versions.computeIfAbsent(subject, s -> new ArrayList<>());
        String canonical = schema.toString();
        for (RegisteredSchema v : history) {
            if (v.schema().equals(canonical)) {
                return v.id();
            }
        }
        if (!history.isEmpty()) {
            Schema previous = new Schema.Parser().parse(history.get(history.size() - 1).schema());
            var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, previous);
            if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema"
                        + " for subject \"" + subject + "\" (BACKWARD): " + result.getDescription(),
                        409, SchemaRegistryException.INCOMPATIBLE);
            }
        }
        int id = idsByCanonical.computeIfAbsent(canonical, c -> nextId.getAndIncrement());
        schemasById.putIfAbsent(id, schema);
        history.add(new RegisteredSchema(subject, history.size() + 1, id, canonical));
        return id;
    }

    @Override
    public Schema getById(int id) {
        calls.incrementAndGet();
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("Schema " + id + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        calls.incrementAndGet();
        List<RegisteredSchema> history = versions.get(subject);
        if (history == null) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found.", 404,
                    SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        String canonical = schema.toString();
        return history.stream().filter(v -> v.schema().equals(canonical)).findFirst()
                .map(RegisteredSchema::id)
                .orElseThrow(() -> new SchemaRegistryException("Schema not found under subject '" + subject + "'",
                        404, SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        calls.incrementAndGet();
        List<RegisteredSchema> history = versions.get(subject);
        if (history == null || history.isEmpty()) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found.", 404,
                    SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        return history.get(history.size() - 1);
    }
}

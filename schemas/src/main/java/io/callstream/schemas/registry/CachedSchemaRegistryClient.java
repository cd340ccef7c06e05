package io.callstream.schemas.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches what never changes in a registry, so that no registry call happens per record once warm:
 * id by (subject, schema) for register and lookup, and schema by id. {@link #latest} is cached too;
 * a producer that uses the latest version reads it once per subject.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {

    private record Key(String subject, Schema schema) {
    }

    private final SchemaRegistryClient delegate;
    private final Map<Key, Integer> registered = new ConcurrentHashMap<>();
    private final Map<Key, Integer> looked = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final Map<String, RegisteredSchema> latest = new ConcurrentHashMap<>();

    public CachedSchemaRegistryClient(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        return registered.computeIfAbsent(new Key(subject, schema), k -> {
            int id = delegate.register(subject, schema);
            byId.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema getById(int id) {
        return byId.computeIfAbsent(id, delegate::getById);
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        Key key = new Key(subject, schema);
        Integer known = registered.get(key);
        return known != null ? known : looked.computeIfAbsent(key, k -> {
            int id = delegate.lookupId(subject, schema);
            byId.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return latest.computeIfAbsent(subject, delegate::latest);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

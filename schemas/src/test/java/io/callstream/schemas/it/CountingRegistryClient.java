package io.callstream.schemas.it;

import io.callstream.schemas.registry.RegisteredSchema;
import io.callstream.schemas.registry.SchemaRegistryClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Counts the calls that reach the registry's REST layer. */
final class CountingRegistryClient implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    final AtomicInteger calls = new AtomicInteger();

    CountingRegistryClient(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        calls.incrementAndGet();
        return delegate.register(subject, schema);
    }

    @Override
    public Schema getById(int id) {
        calls.incrementAndGet();
        return delegate.getById(id);
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        calls.incrementAndGet();
        return delegate.lookupId(subject, schema);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        calls.incrementAndGet();
        return delegate.latest(subject);
    }
}

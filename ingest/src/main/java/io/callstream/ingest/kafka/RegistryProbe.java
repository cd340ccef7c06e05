package io.callstream.ingest.kafka;

import io.callstream.schemas.registry.InMemorySchemaRegistry;
import io.callstream.schemas.registry.RegistryConfig;
import io.callstream.schemas.registry.RestSchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Schema-registry reachability for readiness (blocking): one uncached call, the latest version of
 * a subject, with a short timeout and no retry beyond trying each configured URL once. Any answer
 * from the registry counts as reachable (also "subject not found"); no answer or a 5xx does not.
 */
public final class RegistryProbe implements BooleanSupplier, AutoCloseable {

    private final SchemaRegistryClient client;
    private final String subject;

    /** From the serde properties ({@code schema.registry.url}, credentials), probing {@code subject}. */
    public RegistryProbe(Map<String, ?> serdeProps, String subject, Duration timeout) {
        RegistryConfig c = RegistryConfig.from(serdeProps);
        this.client = c.isMock() ? InMemorySchemaRegistry.forUrl(c.urls().get(0))
                : new RestSchemaRegistryClient(c.withRetries(
                        timeout, c.urls().size() - 1, Duration.ofMillis(1)));
        this.subject = subject;
    }

    @Override
    public boolean getAsBoolean() {
        try {
            client.latest(subject);
            return true;
        } catch (SchemaRegistryException e) {
            return !e.isRetriable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

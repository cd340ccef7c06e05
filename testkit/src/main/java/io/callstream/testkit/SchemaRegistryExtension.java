package io.callstream.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives a test class a real Apicurio Registry (see {@link ApicurioRegistry}):
 * <pre>{@code @RegisterExtension static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();}</pre>
 * {@link #url()} is the Confluent-compatible base URL for {@code schema.registry.url}.
 */
public final class SchemaRegistryExtension implements BeforeAllCallback, AfterAllCallback {

    private ApicurioRegistry registry;

    @Override
    public void beforeAll(ExtensionContext context) {
        registry = ApicurioRegistry.inMemory().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (registry != null) {
            registry.close();
        }
    }

    public String url() {
        return registry.url();
    }

    public ApicurioRegistry registry() {
        return registry;
    }
}

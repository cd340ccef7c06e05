package io.callstream.schemas.registry;

import java.util.Map;

/** Builds the cached client a config asks for: in-memory for {@code mock://}, REST otherwise. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient create(Map<String, ?> props) {
        return create(RegistryConfig.from(props));
    }

    public static SchemaRegistryClient create(RegistryConfig config) {
        SchemaRegistryClient raw = config.isMock()
                ? InMemorySchemaRegistry.forUrl(config.urls().get(0))
                : new RestSchemaRegistryClient(config);
        return new CachedSchemaRegistryClient(raw);
    }
}

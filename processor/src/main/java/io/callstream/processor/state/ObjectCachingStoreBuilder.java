package io.callstream.processor.state;

import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a key-value store with an {@link ObjectCachingKeyValueStore} as its outermost layer, over the store
 * of {@code inner} (metered, change-logging, persistent). Kafka Streams' record cache below it would only cost
 * (a second cache of the same keys, as bytes): it is turned off.
 */
public final class ObjectCachingStoreBuilder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {

    private final StoreBuilder<KeyValueStore<K, V>> inner;
    private final int maxEntries;
    private final Predicate<V> keepAfterWrite;
    private final boolean insertOnly;

    /** See {@link ObjectCachingKeyValueStore#ObjectCachingKeyValueStore(KeyValueStore, int, Predicate)}. */
    public ObjectCachingStoreBuilder(StoreBuilder<KeyValueStore<K, V>> inner, int maxEntries, Predicate<V> keepAfterWrite) {
        this(inner, maxEntries, keepAfterWrite, false);
    }

    /** See {@link ObjectCachingKeyValueStore#ObjectCachingKeyValueStore(KeyValueStore, int, Predicate, boolean)}. */
    public ObjectCachingStoreBuilder(StoreBuilder<KeyValueStore<K, V>> inner, int maxEntries, Predicate<V> keepAfterWrite,
                                     boolean insertOnly) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.inner = inner.withCachingDisabled();
        this.maxEntries = maxEntries;
        this.keepAfterWrite = keepAfterWrite;
        this.insertOnly = insertOnly;
    }

    /** Not supported: the object cache replaces the record cache. */
    @Override
    public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
        throw new UnsupportedOperationException("store " + name() + " has an object cache instead of the record cache");
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public KeyValueStore<K, V> build() {
        return new ObjectCachingKeyValueStore<>(inner.build(), maxEntries, keepAfterWrite, insertOnly);
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}

package io.callstream.processor.state;

import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The one LRU block cache and one write buffer manager that every RocksDB store of a processor instance
 * shares (Kafka Streams' "bounded memory" pattern). Counted: the first store that opens creates them, the
 * last that closes releases them, so that a rebalance which closes every store and opens new ones gets a
 * fresh pair and nothing is left behind after {@code KafkaStreams.close()}. Passed to
 * {@link BoundedRocksDbConfigSetter} through the Streams configuration under {@link #CONFIG_KEY}.
 */
public final class SharedRocksDbMemory {

    /** The Streams configuration key under which the instance's object travels to the config setter. */
    public static final String CONFIG_KEY = "callstream.rocksdb.shared.memory";

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDbMemoryConfig config;
    private Cache cache;
    private WriteBufferManager writeBuffers;
    private int users;

    public SharedRocksDbMemory(RocksDbMemoryConfig config) {
        if (!config.bounded()) {
            throw new IllegalArgumentException("no shared RocksDB memory without a bound (" + RocksDbMemoryConfig.TOTAL
                    + " is 0)");
        }
        this.config = config;
    }

    public RocksDbMemoryConfig config() {
        return config;
    }

    /** The pair for one more store, created when it is the first. */
    synchronized Handles acquire() {
        if (users == 0) {
            // strict capacity off: a read never fails for want of room; index and filter blocks get the
            // high-priority pool when they are in the cache
            cache = new LRUCache(config.totalBytes(), -1, false,
                    config.indexFilterInCache() ? RocksDbMemoryConfig.HIGH_PRIORITY_RATIO : 0.0);
            // the memtables are charged to the same cache, so the cache's capacity is the whole bound
            writeBuffers = new WriteBufferManager(config.writeBufferBytes(), cache);
        }
        users++;
        return new Handles(cache, writeBuffers);
    }

    /** One store fewer; the last one closes the pair (RocksDB keeps its own reference while a database is open). */
    synchronized void release() {
        if (users == 0) {
            return;
        }
        users--;
        if (users == 0) {
            writeBuffers.close();
            cache.close();
            writeBuffers = null;
            cache = null;
        }
    }

    /** How many stores use the pair now. */
    public synchronized int users() {
        return users;
    }

    record Handles(Cache cache, WriteBufferManager writeBuffers) {
    }
}

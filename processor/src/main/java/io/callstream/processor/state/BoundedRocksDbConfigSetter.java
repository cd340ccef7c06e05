package io.callstream.processor.state;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/**
 * Kafka Streams' {@code rocksdb.config.setter} of the processor: puts every store (call-sessions,
 * call-session-timers, each segment of call-session-tombstones, call-records, call-records-by-start) on the
 * instance's one {@link SharedRocksDbMemory}, so that the instance's RocksDB memory stays within
 * {@code rocksdb.memory.total} however many partitions, stores and segments it holds. The pattern of the
 * Kafka Streams memory-management guide: the block cache of the table config Streams provides (never a new
 * table config, which would hide the cache from the RocksDB metrics), the write buffer manager charging the
 * memtables to that cache, and index and filter blocks inside the cache with high priority.
 */
public final class BoundedRocksDbConfigSetter implements RocksDBConfigSetter {

    private SharedRocksDbMemory shared;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object value = configs.get(SharedRocksDbMemory.CONFIG_KEY);
        if (!(value instanceof SharedRocksDbMemory memory)) {
            throw new ConfigException(SharedRocksDbMemory.CONFIG_KEY, value, "the bounded RocksDB config setter needs"
                    + " the instance's SharedRocksDbMemory in the Streams configuration (ProcessorApp puts it there)");
        }
        SharedRocksDbMemory.Handles handles = memory.acquire();
        shared = memory;
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(handles.cache());
        boolean indexFilterInCache = memory.config().indexFilterInCache();
        table.setCacheIndexAndFilterBlocks(indexFilterInCache);
        table.setCacheIndexAndFilterBlocksWithHighPriority(indexFilterInCache);
        table.setPinTopLevelIndexAndFilter(indexFilterInCache);
        options.setWriteBufferManager(handles.writeBuffers());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        if (shared != null) {
            shared.release();
            shared = null;
        }
    }
}

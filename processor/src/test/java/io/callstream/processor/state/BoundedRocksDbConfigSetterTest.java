package io.callstream.processor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbConfigSetterTest {

    private static final RocksDbMemoryConfig CONFIG = new RocksDbMemoryConfig(64L << 20, 0.5, true);

    private static Options streamsLikeOptions() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        return options;
    }

    @Test
    void shouldPutEveryStoreOnOneCacheAndWriteBufferManagerWhenTwoStoresOpen() {
        SharedRocksDbMemory shared = new SharedRocksDbMemory(CONFIG);
        BoundedRocksDbConfigSetter sessions = new BoundedRocksDbConfigSetter();
        BoundedRocksDbConfigSetter timers = new BoundedRocksDbConfigSetter();
        try (Options a = streamsLikeOptions(); Options b = streamsLikeOptions()) {
            sessions.setConfig("call-sessions", a, Map.of(SharedRocksDbMemory.CONFIG_KEY, shared));
            timers.setConfig("call-session-timers", b, Map.of(SharedRocksDbMemory.CONFIG_KEY, shared));

            BlockBasedTableConfig ta = (BlockBasedTableConfig) a.tableFormatConfig();
            BlockBasedTableConfig tb = (BlockBasedTableConfig) b.tableFormatConfig();
            assertThat(ta.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(ta.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(ta.pinTopLevelIndexAndFilter()).isTrue();
            assertThat(a.writeBufferManager()).isNotNull().isSameAs(b.writeBufferManager());
            assertThat(shared.users()).isEqualTo(2);
            sessions.close("call-sessions", a);
            timers.close("call-session-timers", b);
        }
    }

    @Test
    void shouldKeepIndexAndFilterBlocksOutOfTheCacheWhenConfiguredSo() {
        SharedRocksDbMemory shared = new SharedRocksDbMemory(new RocksDbMemoryConfig(64L << 20, 0.25, false));
        BoundedRocksDbConfigSetter setter = new BoundedRocksDbConfigSetter();
        try (Options options = streamsLikeOptions()) {
            setter.setConfig("call-sessions", options, Map.of(SharedRocksDbMemory.CONFIG_KEY, shared));
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isFalse();
            assertThat(table.pinTopLevelIndexAndFilter()).isFalse();
            assertThat(options.writeBufferManager()).isNotNull();
            setter.close("call-sessions", options);
        }
    }

    @Test
    void shouldReleaseTheSharedCacheWhenTheLastStoreCloses() {
        SharedRocksDbMemory shared = new SharedRocksDbMemory(CONFIG);
        BoundedRocksDbConfigSetter first = new BoundedRocksDbConfigSetter();
        BoundedRocksDbConfigSetter second = new BoundedRocksDbConfigSetter();
        try (Options a = streamsLikeOptions(); Options b = streamsLikeOptions(); Options c = streamsLikeOptions()) {
            first.setConfig("s1", a, Map.of(SharedRocksDbMemory.CONFIG_KEY, shared));
            second.setConfig("s2", b, Map.of(SharedRocksDbMemory.CONFIG_KEY, shared));
            SharedRocksDbMemory.Handles before = shared.acquire();
            shared.release();

            first.close("s1", a);
            first.close("s1", a); // a second close of the same store does not release another store's share
            assertThat(shared.users()).isEqualTo(1);
            second.close("s2", b);
            assertThat(shared.users()).isZero();
            assertThat(before.cache().isOwningHandle()).isFalse();

            // a store opened after all were closed (a rebalance) gets a fresh pair
            BoundedRocksDbConfigSetter third = new BoundedRocksDbConfigSetter();
            third.setConfig("s3", c, Map.of(SharedRocksDbMemory.CONFIG_KEY, shared));
            assertThat(shared.users()).isEqualTo(1);
            assertThat(c.writeBufferManager().isOwningHandle()).isTrue();
            third.close("s3", c);
        }
    }

    @Test
    void shouldFailWithTheKeyNamedWhenTheSharedMemoryIsMissing() {
        try (Options options = streamsLikeOptions()) {
            assertThatThrownBy(() -> new BoundedRocksDbConfigSetter().setConfig("call-sessions", options, Map.of()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(SharedRocksDbMemory.CONFIG_KEY);
        }
    }
}

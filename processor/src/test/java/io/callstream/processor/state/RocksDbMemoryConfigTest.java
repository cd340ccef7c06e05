package io.callstream.processor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.processor.ProcessorConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RocksDbMemoryConfigTest {

    private static final Map<String, String> REQUIRED = Map.of("kafka.bootstrap.servers", "b:1",
            "schema.registry.url", "mock://x");

    private static ProcessorConfig config(String... keyValues) {
        Map<String, String> m = new java.util.HashMap<>(REQUIRED);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return ProcessorConfig.of(m);
    }

    @Test
    void shouldBoundTo128MiBWithHalfForMemtablesWhenNothingIsSet() {
        RocksDbMemoryConfig c = config().rocksdb();
        assertThat(c.totalBytes()).isEqualTo(128L << 20);
        assertThat(c.writeBufferBytes()).isEqualTo(64L << 20);
        assertThat(c.indexFilterInCache()).isTrue();
        assertThat(c.bounded()).isTrue();
    }

    @Test
    void shouldReadByteUnitsWhenTheTotalHasOne() {
        assertThat(RocksDbMemoryConfig.bytes("k", "512MiB")).isEqualTo(512L << 20);
        assertThat(RocksDbMemoryConfig.bytes("k", "1g")).isEqualTo(1L << 30);
        assertThat(RocksDbMemoryConfig.bytes("k", "65536")).isEqualTo(65536);
        assertThat(RocksDbMemoryConfig.bytes("k", "256 KiB")).isEqualTo(256L << 10);
    }

    @Test
    void shouldTurnTheBoundOffWhenTheTotalIsZero() {
        assertThat(config(RocksDbMemoryConfig.TOTAL, "0").rocksdb().bounded()).isFalse();
    }

    @Test
    void shouldNameTheKeyWhenAValueIsInvalid() {
        assertThatThrownBy(() -> config(RocksDbMemoryConfig.TOTAL, "lots"))
                .hasMessageContaining(RocksDbMemoryConfig.TOTAL);
        assertThatThrownBy(() -> config(RocksDbMemoryConfig.TOTAL, "1MiB"))
                .hasMessageContaining("at least 8MiB");
        assertThatThrownBy(() -> config(RocksDbMemoryConfig.WRITE_BUFFER_RATIO, "1.5"))
                .hasMessageContaining(RocksDbMemoryConfig.WRITE_BUFFER_RATIO);
    }
}

package io.callstream.reliability.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakTest {

    /** Lines as the processor's /metrics serves them (Micrometer's Prometheus text, Kafka Streams' RocksDB metrics). */
    static final String PROCESSOR_METRICS = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="Eden Space"} 9.3634168E7
            jvm_memory_used_bytes{area="heap",id="Survivor Space"} 235704.0
            jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 2.5629024E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 4.1751408E7
            # HELP kafka_stream_state_block_cache_usage Memory size of the entries residing in block cache in bytes
            # TYPE kafka_stream_state_block_cache_usage gauge
            kafka_stream_state_block_cache_usage{rocksdb_state_id="call-records",task_id="1_0"} 6.0534408E7
            kafka_stream_state_block_cache_usage{rocksdb_state_id="call-sessions",task_id="0_0"} 6.0534408E7
            kafka_stream_state_block_cache_capacity{rocksdb_state_id="call-records",task_id="1_0"} 1.34217728E8
            """;

    @Test
    void shouldSumOnlyTheHeapPoolsWhenReadingHeapInUse() {
        assertThat(Soak.heapMiB(PROCESSOR_METRICS)).isEqualTo((93_634_168L + 235_704L + 25_629_024L) >> 20);
    }

    @Test
    void shouldReadTheSharedBlockCacheOnceWhenEveryStoreReportsIt() {
        assertThat(Soak.blockCacheMiB(PROCESSOR_METRICS)).isEqualTo(60_534_408L >> 20);
    }

    @Test
    void shouldAnswerMinusOneWhenAFigureIsNotExposedOrTheServiceDidNotAnswer() {
        assertThat(Soak.heapMiB("")).isEqualTo(-1);
        assertThat(Soak.blockCacheMiB("jvm_memory_used_bytes{area=\"heap\",id=\"x\"} 1.0")).isEqualTo(-1);
    }

    @Test
    void shouldNameEveryServiceAndTheCacheWhenPrintingProgress() {
        Map<String, Long> rss = new LinkedHashMap<>(Map.of("ingest", 274L));
        rss.put("processor", 420L);
        Map<String, Long> heap = Map.of("ingest", 80L, "processor", 150L);

        String line = Soak.progress(new Soak.Sample(Duration.ofMinutes(12), rss, heap, 57, 6.25, 500));

        assertThat(line).isEqualTo("500 webhooks/s, p99 6.3 ms; RSS · heap MiB ingest 274 · 80 processor 420 · 150;"
                + " processor block cache 57 MiB");
    }
}

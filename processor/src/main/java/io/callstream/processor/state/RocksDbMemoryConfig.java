package io.callstream.processor.state;

import io.callstream.schemas.config.Settings;
import java.util.Locale;
import java.util.Map;

/**
 * The bound on the processor's off-heap RocksDB memory ({@code rocksdb.memory.*} keys), applied by
 * {@link BoundedRocksDbConfigSetter}: one LRU block cache per instance, shared by every store and segment,
 * that also carries the memtables (through one write buffer manager) and, by default, the index and filter blocks.
 *
 * @param totalBytes        {@code rocksdb.memory.total}: the cache's capacity, memtables included; {@code 0} turns
 *                          the bound off (Kafka Streams' per-store defaults: 50 MiB cache and 3 x 16 MiB memtables
 *                          per store and segment, growing with the number of partitions and segments)
 * @param writeBufferRatio  {@code rocksdb.memory.write-buffer.ratio}: the share of the total the memtables may take
 *                          before RocksDB flushes them (0 &lt; ratio &lt; 1)
 * @param indexFilterInCache {@code rocksdb.memory.index-filter.in-cache}: index and filter blocks live in the cache
 *                          (high-priority pool, top level pinned) and count against the bound; {@code false} keeps
 *                          them outside it, where they grow with the data on disk
 */
public record RocksDbMemoryConfig(long totalBytes, double writeBufferRatio, boolean indexFilterInCache) {

    public static final String TOTAL = "rocksdb.memory.total";
    public static final String WRITE_BUFFER_RATIO = "rocksdb.memory.write-buffer.ratio";
    public static final String INDEX_FILTER_IN_CACHE = "rocksdb.memory.index-filter.in-cache";
    /** The share of the cache reserved for index and filter blocks (when they are in the cache). */
    public static final double HIGH_PRIORITY_RATIO = 0.1;

    public RocksDbMemoryConfig {
        if (totalBytes < 0) {
            throw new IllegalArgumentException(TOTAL + " must not be negative, got " + totalBytes);
        }
        if (totalBytes > 0 && totalBytes < 8L << 20) {
            throw new IllegalArgumentException(TOTAL + " must be 0 (no bound) or at least 8MiB, got " + totalBytes);
        }
        if (!(writeBufferRatio > 0 && writeBufferRatio < 1)) {
            throw new IllegalArgumentException(WRITE_BUFFER_RATIO + " must lie between 0 and 1 (exclusive), got "
                    + writeBufferRatio);
        }
    }

    public static void addDefaults(Map<String, String> d) {
        d.put(TOTAL, "128MiB");
        d.put(WRITE_BUFFER_RATIO, "0.5");
        d.put(INDEX_FILTER_IN_CACHE, "true");
    }

    public static RocksDbMemoryConfig from(Settings s) {
        double ratio;
        try {
            ratio = Double.parseDouble(s.string(WRITE_BUFFER_RATIO).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(WRITE_BUFFER_RATIO + " must be a number, got " + s.string(WRITE_BUFFER_RATIO));
        }
        return new RocksDbMemoryConfig(bytes(TOTAL, s.string(TOTAL)), ratio, s.bool(INDEX_FILTER_IN_CACHE));
    }

    /** Whether the bound is on. */
    public boolean bounded() {
        return totalBytes > 0;
    }

    /** The memtables' share of {@link #totalBytes}. */
    public long writeBufferBytes() {
        return (long) (totalBytes * writeBufferRatio);
    }

    /** A byte count: digits, optionally followed by KiB, MiB or GiB (K, M, G, KB, MB, GB are read the same, as powers of 1024). */
    static long bytes(String key, String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        int end = v.length();
        while (end > 0 && !Character.isDigit(v.charAt(end - 1))) {
            end--;
        }
        String unit = v.substring(end).trim();
        long factor = switch (unit) {
            case "", "B" -> 1L;
            case "K", "KB", "KIB" -> 1L << 10;
            case "M", "MB", "MIB" -> 1L << 20;
            case "G", "GB", "GIB" -> 1L << 30;
            default -> throw new IllegalArgumentException(key + " must be a byte count such as 134217728 or 128MiB, got "
                    + value);
        };
        try {
            return Math.multiplyExact(Long.parseLong(v.substring(0, end).trim()), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(key + " must be a byte count such as 134217728 or 128MiB, got " + value);
        }
    }
}

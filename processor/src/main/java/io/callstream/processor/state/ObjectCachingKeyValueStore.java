package io.callstream.processor.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A cache of decoded values in front of a key-value store, its outermost layer (built by
 * {@link ObjectCachingStoreBuilder}; the processor puts it in front of stores {@code call-sessions} and
 * {@code call-session-timers}). A get
 * is answered from a map of decoded objects, a miss reads the store below; a put or delete only marks the
 * key dirty. Each dirty key is written down once per commit, by {@link #flushCache()}, which the task's state
 * manager calls before it flushes the producer and commits the transaction (StreamTask.flush(), the same
 * hook as Kafka Streams' own record cache): the serde, the changelog record and the RocksDB write happen
 * then, once per key, in the transaction that commits the input offsets behind them.
 *
 * <p>Bounded: at most {@code maxEntries} keys, least recently used first out; a dirty key that is pushed out
 * is written down at once, into the same open transaction. A value that will hardly be read again can be
 * dropped as soon as it is written down ({@code keepAfterWrite}): it would only grow the heap the GC copies.
 *
 * <p>Why exactly-once holds: the map holds nothing the store below does not have except dirty keys, and those
 * are written before every commit. A task closed dirty (an aborted transaction, a failed task, a crash) has
 * its state directory wiped under exactly-once and restored from the committed changelog; Kafka Streams
 * closes the store then ({@link #close()}) and, when it recycles a task, clears caches ({@link #clearCache()}):
 * both drop the map, as the record cache's contents are dropped. The one difference from the record cache:
 * a get returns the cached instance, not a fresh copy, so a caller that changes it in place changes the
 * cache. The caller must put (or delete) every object it changed before its step ends, and a step that fails
 * half-way must fail the task (the processing exception handler's FAIL, the default), never continue: the
 * half-changed object would stay cached. {@code CallTopology} falls back to the record cache otherwise.
 *
 * <p>A store whose values are only ever put under keys it does not hold ({@code insertOnly}: a key is deleted
 * before it is put again, as the timer entries of {@code call-session-timers} are) lets the cache drop a key put
 * and deleted again before its write-down without writing anything: the store below never had it, and the
 * changelog gets neither the value nor its tombstone.
 *
 * <p>Stream thread only: not safe for interactive queries of the {@link KeyValueStore} methods from other
 * threads. {@link #query} goes to the store below (as of the last write-down).
 */
public final class ObjectCachingKeyValueStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    private final int maxEntries;
    /** Whether a value just written down stays cached (is likely to be read again soon). */
    private final Predicate<V> keepAfterWrite;
    /** Values are only put under keys the store does not hold: a new key put is absent from the store below. */
    private final boolean insertOnly;
    /** Every cached key, least recently used first; a value of null is a delete not yet written down. */
    private final LinkedHashMap<K, Entry<K, V>> entries;
    /** Entries that became dirty since the last flush, oldest first (one that was written down since is clean). */
    private final List<Entry<K, V>> dirty = new ArrayList<>();
    /** The task's context, to write each entry under the record context of its put; null outside Kafka Streams. */
    private InternalProcessorContext<?, ?> context;

    public ObjectCachingKeyValueStore(KeyValueStore<K, V> inner, int maxEntries) {
        this(inner, maxEntries, v -> true);
    }

    /**
     * @param keepAfterWrite whether a value stays cached once written down; false drops it then (a closed
     *                       call's session, read again only by a late event, would only cost the GC)
     */
    public ObjectCachingKeyValueStore(KeyValueStore<K, V> inner, int maxEntries, Predicate<V> keepAfterWrite) {
        this(inner, maxEntries, keepAfterWrite, false);
    }

    /**
     * @param insertOnly true when every non-null put is of a key the store does not hold (it was deleted first,
     *                   or never put): a key put and deleted before its write-down is then dropped unwritten
     */
    public ObjectCachingKeyValueStore(KeyValueStore<K, V> inner, int maxEntries, Predicate<V> keepAfterWrite,
                                      boolean insertOnly) {
        super(inner);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.keepAfterWrite = keepAfterWrite;
        this.insertOnly = insertOnly;
        this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<K, V>> eldest) {
                if (size() <= ObjectCachingKeyValueStore.this.maxEntries) {
                    return false;
                }
                if (eldest.getValue().dirty) {
                    writeDown(eldest.getValue());
                }
                return true;
            }
        };
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        context = stateStoreContext instanceof InternalProcessorContext<?, ?> internal ? internal : null;
        drop();
        // root is this store (the outermost layer): the state manager registers it, so that its
        // flushCache(), clearCache() and close() are the ones the task calls
        super.init(stateStoreContext, root);
    }

    @Override
    public V get(K key) {
        Entry<K, V> e = entries.get(key);
        if (e != null) {
            return e.value;
        }
        V value = wrapped().get(key);
        if (value != null) {
            entries.put(key, new Entry<>(key, value));
        }
        return value;
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(key, "key cannot be null");
        Entry<K, V> e = entries.get(key);
        if (e == null) {
            e = new Entry<>(key, value);
            e.absentBelow = insertOnly && value != null;
            markDirty(e); // before it goes in: the put may push out (and write down) the eldest
            entries.put(key, e);
        } else if (value == null && e.absentBelow) {
            // put and deleted before its write-down, never in the store below: nothing to write
            e.value = null;
            e.dirty = false;
            e.recordContext = null;
            entries.remove(key);
        } else {
            e.value = value;
            markDirty(e);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> kvs) {
        for (KeyValue<K, V> kv : kvs) {
            put(kv.key, kv.value);
        }
    }

    @Override
    public V delete(K key) {
        V old = get(key);
        put(key, null);
        return old;
    }

    /** Writes every dirty entry down (once per key), then flushes the store below. */
    @Override
    public void flushCache() {
        writeDirty();
        super.flushCache();
    }

    /** Drops the map without writing: the task's state is being reset below it. */
    @Override
    public void clearCache() {
        drop();
        super.clearCache();
    }

    @Override
    public void close() {
        // a clean close flushed first (StreamTask.prepareCommit); after a dirty one the state is restored
        drop();
        super.close();
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writeDirty();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writeDirty();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writeDirty();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writeDirty();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writeDirty();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    /** Keys held now, dirty ones included. */
    int cachedEntries() {
        return entries.size();
    }

    /** Keys changed and not written down yet. */
    int dirtyEntries() {
        int n = 0;
        for (Entry<K, V> e : dirty) {
            n += e.dirty ? 1 : 0;
        }
        return n;
    }

    private void markDirty(Entry<K, V> e) {
        e.recordContext = context == null ? null : context.recordContext();
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
    }

    private void writeDirty() {
        for (Entry<K, V> e : dirty) {
            if (e.dirty) {
                writeDown(e);
                if (e.value == null || !keepAfterWrite.test(e.value)) {
                    entries.remove(e.key);
                }
            }
        }
        dirty.clear();
    }

    /**
     * Writes one entry to the store below under the record context of its last put, as Kafka Streams'
     * record cache does: the changelog record gets that record's timestamp, the store's position its offset.
     */
    private void writeDown(Entry<K, V> e) {
        if (context == null || e.recordContext == null) {
            wrapped().put(e.key, e.value);
        } else {
            ProcessorRecordContext current = context.recordContext();
            context.setRecordContext(e.recordContext);
            try {
                wrapped().put(e.key, e.value);
            } finally {
                context.setRecordContext(current);
            }
        }
        e.dirty = false;
        e.recordContext = null;
        e.absentBelow = e.value == null;
    }

    private void drop() {
        entries.clear();
        dirty.clear();
    }

    private static final class Entry<K, V> {
        final K key;
        V value;
        boolean dirty;
        /** The store below does not hold this key (known; false when unknown). */
        boolean absentBelow;
        ProcessorRecordContext recordContext;

        Entry(K key, V value) {
            this.key = key;
            this.value = value;
        }
    }
}

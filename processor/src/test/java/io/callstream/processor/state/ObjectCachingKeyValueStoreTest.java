package io.callstream.processor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.junit.jupiter.api.Test;

/**
 * The object cache against a store below it that records every read and write: what is served from the
 * map, what reaches the store, and when.
 */
class ObjectCachingKeyValueStoreTest {

    private final RecordingStore below = new RecordingStore();

    @Test
    void shouldServeTheObjectPutWhenReadBeforeAnyFlush() {
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(10);
        StringBuilder session = new StringBuilder("opened");
        cache.put("a", session);

        assertThat(cache.get("a")).isSameAs(session);
        assertThat(below.writes).as("nothing written before the flush").isEmpty();
        assertThat(below.reads).as("served from the map").isEmpty();
    }

    @Test
    void shouldWriteEachKeyOnceWithItsLastValueWhenFlushed() {
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(10);
        for (int i = 0; i < 5; i++) {
            StringBuilder a = cache.get("a");
            cache.put("a", a == null ? new StringBuilder("a0") : a.append(i));
            cache.put("b", new StringBuilder("b" + i));
        }
        cache.flushCache();

        assertThat(below.writes).extracting(kv -> kv.key).containsExactlyInAnyOrder("a", "b");
        assertThat(below.data).containsEntry("a", "a01234").containsEntry("b", "b4");
        assertThat(below.flushes).as("the store below flushed after the write-down").isEqualTo(1);
    }

    @Test
    void shouldWriteNothingWhenFlushedAgainWithoutAChange() {
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(10);
        cache.put("a", new StringBuilder("x"));
        cache.flushCache();
        cache.get("a");
        cache.flushCache();

        assertThat(below.writes).hasSize(1);
    }

    @Test
    void shouldReadTheStoreOnceAndThenServeTheMapWhenAKeyIsReadAgain() {
        below.data.put("a", "stored");
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(10);

        StringBuilder first = cache.get("a");
        StringBuilder second = cache.get("a");

        assertThat(first.toString()).isEqualTo("stored");
        assertThat(second).isSameAs(first);
        assertThat(below.reads).containsExactly("a");
    }

    @Test
    void shouldHideADeletedKeyAndWriteItsDeleteWhenFlushed() {
        below.data.put("a", "stored");
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(10);

        assertThat(cache.delete("a").toString()).as("the old value").isEqualTo("stored");
        assertThat(cache.get("a")).isNull();
        assertThat(below.data).as("not written yet").containsKey("a");
        cache.flushCache();

        assertThat(below.data).doesNotContainKey("a");
        assertThat(below.writes).extracting(kv -> kv.value).containsExactly((String) null);
        assertThat(cache.get("a")).as("read from the store after the flush").isNull();
    }

    @Test
    void shouldKeepOnlyTheMostRecentlyUsedKeysWhenTheBoundIsReached() {
        for (String k : List.of("a", "b", "c", "d")) {
            below.data.put(k, k);
        }
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(3);
        cache.get("a");
        cache.get("b");
        cache.get("c");
        cache.get("a"); // b is now the least recently used
        cache.get("d");
        below.reads.clear();

        cache.get("a");
        cache.get("c");
        cache.get("d");
        assertThat(below.reads).as("a, c, d still cached").isEmpty();
        cache.get("b");
        assertThat(below.reads).as("b was pushed out").containsExactly("b");
        assertThat(cache.cachedEntries()).isEqualTo(3);
        assertThat(below.writes).as("clean keys pushed out are not written").isEmpty();
    }

    @Test
    void shouldWriteADirtyKeyDownWhenItIsPushedOutBeforeTheFlush() {
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(2);
        cache.put("a", new StringBuilder("a1"));
        cache.put("b", new StringBuilder("b1"));
        cache.put("c", new StringBuilder("c1")); // a, the eldest dirty key, goes down now

        assertThat(below.writes).containsExactly(KeyValue.pair("a", "a1"));
        assertThat(cache.dirtyEntries()).isEqualTo(2);
        assertThat(cache.get("a").toString()).as("read back from the store").isEqualTo("a1");
        cache.flushCache();

        assertThat(below.writes).extracting(kv -> kv.key).containsExactly("a", "b", "c");
        assertThat(below.data).containsEntry("a", "a1").containsEntry("b", "b1").containsEntry("c", "c1");
    }

    @Test
    void shouldForgetUnwrittenChangesWhenClosed() {
        below.data.put("a", "committed");
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(10);
        cache.get("a").append("-changed");
        cache.put("a", cache.get("a"));
        cache.put("b", new StringBuilder("new"));

        cache.close();

        assertThat(below.writes).as("a dirty close writes nothing").isEmpty();
        assertThat(below.closed).isTrue();
        below.closed = false;
        cache.init(null, cache);
        assertThat(cache.get("a").toString()).as("the store's value again").isEqualTo("committed");
        assertThat(cache.get("b")).isNull();
    }

    @Test
    void shouldForgetUnwrittenChangesWhenTheCacheIsCleared() {
        below.data.put("a", "restored");
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(10);
        cache.put("a", new StringBuilder("stale"));

        cache.clearCache();
        cache.flushCache();

        assertThat(below.writes).isEmpty();
        assertThat(cache.get("a").toString()).isEqualTo("restored");
    }

    @Test
    void shouldWriteDirtyKeysFirstWhenTheStoreIsScanned() {
        below.data.put("a", "a0");
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(10);
        cache.put("b", new StringBuilder("b1"));
        cache.delete("a");

        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, StringBuilder> it = cache.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key + "=" + kv.value));
        }

        assertThat(keys).containsExactly("b=b1");
    }

    @Test
    void shouldDropAValueOnceWrittenWhenItNeedNotStay() {
        ObjectCachingKeyValueStore<String, StringBuilder> cache = new ObjectCachingKeyValueStore<>(below, 10,
                v -> !v.toString().startsWith("closed"));
        cache.init(null, cache);
        cache.put("open", new StringBuilder("open-1"));
        cache.put("done", new StringBuilder("closed-1"));
        cache.flushCache();
        below.reads.clear();

        assertThat(cache.get("open").toString()).isEqualTo("open-1");
        assertThat(cache.get("done").toString()).as("read back from the store").isEqualTo("closed-1");
        assertThat(below.reads).containsExactly("done");
        assertThat(below.writes).hasSize(2);
    }

    @Test
    void shouldWriteNothingWhenAnInsertOnlyKeyIsPutAndDeletedBeforeTheFlush() {
        ObjectCachingKeyValueStore<String, StringBuilder> cache = insertOnly(10);
        cache.put("t1", new StringBuilder("armed"));
        cache.put("t1", null); // moved: the entry that was never written goes
        cache.put("t2", new StringBuilder("armed"));
        cache.flushCache();

        assertThat(below.writes).as("neither t1 nor its tombstone reach the store").extracting(kv -> kv.key)
                .containsExactly("t2");
        assertThat(cache.get("t1")).isNull();
        assertThat(cache.cachedEntries()).isZero();
    }

    @Test
    void shouldWriteTheDeleteWhenAnInsertOnlyKeyWasWrittenDownBefore() {
        ObjectCachingKeyValueStore<String, StringBuilder> cache = insertOnly(10);
        cache.put("t1", new StringBuilder("armed"));
        cache.flushCache();
        cache.put("t1", null);
        cache.flushCache();

        assertThat(below.writes).extracting(kv -> kv.key + "=" + kv.value).containsExactly("t1=armed", "t1=null");
        assertThat(below.data).doesNotContainKey("t1");
    }

    @Test
    void shouldWriteTheDeleteWhenAnInsertOnlyKeyPushedOutIsDeleted() {
        ObjectCachingKeyValueStore<String, StringBuilder> cache = insertOnly(1);
        cache.put("t1", new StringBuilder("armed"));
        cache.put("t2", new StringBuilder("armed")); // t1 is written down as it goes
        cache.put("t1", null);
        cache.flushCache();

        assertThat(below.data).containsOnlyKeys("t2");
        assertThat(below.writes).extracting(kv -> kv.key + "=" + kv.value)
                .containsExactlyInAnyOrder("t1=armed", "t2=armed", "t1=null");
    }

    @Test
    void shouldWriteTheDeleteWhenAKeyOfAStoreThatIsNotInsertOnlyIsPutAndDeletedBeforeTheFlush() {
        below.data.put("a", "stored");
        ObjectCachingKeyValueStore<String, StringBuilder> cache = cache(10);
        cache.put("a", new StringBuilder("changed")); // put over a stored value, unseen by the cache
        cache.put("a", null);
        cache.flushCache();

        assertThat(below.data).doesNotContainKey("a");
        assertThat(below.writes).extracting(kv -> kv.key + "=" + kv.value).containsExactly("a=null");
    }

    @Test
    void shouldRefuseABoundBelowOneWhenBuilt() {
        assertThatThrownBy(() -> new ObjectCachingKeyValueStore<>(below, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private ObjectCachingKeyValueStore<String, StringBuilder> insertOnly(int maxEntries) {
        ObjectCachingKeyValueStore<String, StringBuilder> cache = new ObjectCachingKeyValueStore<>(below, maxEntries,
                v -> false, true);
        cache.init(null, cache);
        return cache;
    }

    private ObjectCachingKeyValueStore<String, StringBuilder> cache(int maxEntries) {
        ObjectCachingKeyValueStore<String, StringBuilder> cache = new ObjectCachingKeyValueStore<>(below, maxEntries);
        cache.init(null, cache);
        return cache;
    }

    /** A store below the cache that decodes to a new object on every read (as the serde does) and records its calls. */
    private static final class RecordingStore implements KeyValueStore<String, StringBuilder>,
            CachedStateStore<String, StringBuilder> {
        final Map<String, String> data = new TreeMap<>();
        final List<String> reads = new ArrayList<>();
        final List<KeyValue<String, String>> writes = new ArrayList<>();
        int flushes;
        boolean closed;

        @Override
        public StringBuilder get(String key) {
            reads.add(key);
            String v = data.get(key);
            return v == null ? null : new StringBuilder(v);
        }

        @Override
        public void put(String key, StringBuilder value) {
            String v = value == null ? null : value.toString();
            writes.add(KeyValue.pair(key, v));
            if (v == null) {
                data.remove(key);
            } else {
                data.put(key, v);
            }
        }

        @Override
        public StringBuilder putIfAbsent(String key, StringBuilder value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putAll(List<KeyValue<String, StringBuilder>> entries) {
            entries.forEach(kv -> put(kv.key, kv.value));
        }

        @Override
        public StringBuilder delete(String key) {
            StringBuilder old = get(key);
            put(key, null);
            return old;
        }

        @Override
        public KeyValueIterator<String, StringBuilder> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, StringBuilder> all() {
            var it = new ArrayList<>(data.entrySet()).iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, StringBuilder> next() {
                    var e = it.next();
                    return KeyValue.pair(e.getKey(), new StringBuilder(e.getValue()));
                }

                @Override
                public void close() {
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public long approximateNumEntries() {
            return data.size();
        }

        @Override
        public String name() {
            return "below";
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
        }

        @Override
        public void flushCache() {
            flushes++;
        }

        @Override
        public void clearCache() {
        }

        @Override
        public boolean setFlushListener(CacheFlushListener<String, StringBuilder> listener, boolean sendOldValues) {
            return false;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }
    }
}

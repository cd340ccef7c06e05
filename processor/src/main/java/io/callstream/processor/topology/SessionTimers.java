package io.callstream.processor.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Store {@value CallTopology#TIMER_STORE}: one entry per session that has a timer, keyed by due
 * time (8 bytes, big-endian) + the session's store key, so that a punctuation reads only the due
 * prefix of the store instead of scanning every session. Which entry a session has is recorded in
 * the session itself ({@code timerAt}, kept by {@code SessionLifecycle}); this class only moves entries.
 */
final class SessionTimers {

    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;

    SessionTimers(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** Moves the entry of session {@code key} from due time {@code from} to {@code to} (either may be null: none). */
    void move(String key, Long from, Long to) {
        if (Objects.equals(from, to)) {
            return;
        }
        if (from != null) {
            store.put(entry(from, key), null); // a delete without delete()'s read of the old value
        }
        if (to != null) {
            store.put(entry(to, key), EMPTY);
        }
    }

    /** Removes and returns the keys of up to {@code max} sessions whose timer is due at {@code now}. */
    List<String> takeDue(long now, int max) {
        List<Bytes> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(entry(0, ""), entry(now + 1, ""))) {
            while (it.hasNext() && entries.size() < max) {
                KeyValue<Bytes, byte[]> kv = it.next();
                entries.add(kv.key);
            }
        }
        List<String> keys = new ArrayList<>(entries.size());
        for (Bytes e : entries) {
            store.put(e, null);
            byte[] b = e.get();
            keys.add(new String(b, 8, b.length - 8, StandardCharsets.UTF_8));
        }
        return keys;
    }

    static Bytes entry(long due, String key) {
        byte[] id = key.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(Math.max(0, due)).put(id).array());
    }
}

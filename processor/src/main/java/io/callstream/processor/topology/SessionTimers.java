package io.callstream.processor.topology;

import io.callstream.processor.state.CallSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Store {@value CallTopology#TIMER_STORE}: one entry per session that has a timer, keyed by
 * due time (8 bytes, big-endian) + callId, so that a punctuation reads only the due prefix of
 * the store instead of scanning every session. Timers are only ever moved earlier; a timer that
 * fires early is re-armed by its owner (this keeps the store untouched on most events).
 */
final class SessionTimers {

    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;

    SessionTimers(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** Arms the session's timer at {@code due} unless it already fires at or before then. */
    void arm(String callId, CallSession s, long due) {
        Long current = s.getTimerAt();
        if (current != null && current <= due) {
            return;
        }
        if (current != null) {
            store.delete(key(current, callId));
        }
        store.put(key(due, callId), EMPTY);
        s.setTimerAt(due);
    }

    /** Removes and returns up to {@code max} callIds whose timer is due at {@code now}. */
    List<String> takeDue(long now, int max) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(0, ""), key(now + 1, ""))) {
            while (it.hasNext() && keys.size() < max) {
                KeyValue<Bytes, byte[]> kv = it.next();
                keys.add(kv.key);
            }
        }
        List<String> callIds = new ArrayList<>(keys.size());
        for (Bytes k : keys) {
            store.delete(k);
            byte[] b = k.get();
            callIds.add(new String(b, 8, b.length - 8, StandardCharsets.UTF_8));
        }
        return callIds;
    }

    static Bytes key(long due, String callId) {
        byte[] id = callId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(Math.max(0, due)).put(id).array());
    }
}

package io.callstream.processor.session;

import java.nio.ByteBuffer;

/**
 * The eventIds a session has seen (field {@code eventIds} of a stored session), as 8-byte hashes
 * concatenated in one byte buffer: a 1:1 call of six events costs 48 bytes instead of six UUID
 * strings. At most {@link #MAX} are kept; beyond that the oldest are forgotten, which bounds the
 * state of a runaway call.
 */
public final class SeenEventIds {

    public static final int MAX = 256;

    private SeenEventIds() {
    }

    /** The 64-bit hash an eventId is remembered by. */
    public static long hash(String eventId) {
        return Hash64.of(eventId);
    }

    public static boolean contains(ByteBuffer ids, long hash) {
        int base = ids.position();
        for (int i = base; i + 8 <= ids.limit(); i += 8) {
            if (ids.getLong(i) == hash) {
                return true;
            }
        }
        return false;
    }

    /** A new buffer with {@code hash} appended (dropping the oldest when full). */
    public static ByteBuffer add(ByteBuffer ids, long hash) {
        int n = ids.remaining() / 8;
        int keep = Math.min(n, MAX - 1);
        ByteBuffer out = ByteBuffer.allocate((keep + 1) * 8);
        for (int i = n - keep; i < n; i++) {
            out.putLong(ids.getLong(ids.position() + i * 8));
        }
        out.putLong(hash);
        return out.flip();
    }

    public static int count(ByteBuffer ids) {
        return ids.remaining() / 8;
    }
}

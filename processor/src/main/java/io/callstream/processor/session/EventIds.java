package io.callstream.processor.session;

import java.nio.ByteBuffer;

/**
 * The eventIds a session has seen, stored as 8-byte hashes concatenated in one byte buffer (a
 * 1:1 call of six events costs 48 bytes instead of six UUID strings). At most {@link #MAX} are
 * kept; beyond that the oldest are forgotten, which bounds the state of a runaway call.
 */
public final class EventIds {

    public static final int MAX = 256;

    private EventIds() {
    }

    /** A 64-bit hash of an eventId (FNV-1a over the UTF-16 chars, then the murmur3 finaliser). */
    public static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
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

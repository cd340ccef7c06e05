package io.callstream.processor.session;

/** A stable 64-bit string hash (FNV-1a over the UTF-16 chars, then the murmur3 finaliser), stored in session state. */
final class Hash64 {

    private Hash64() {
    }

    static long of(CharSequence s) {
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
}

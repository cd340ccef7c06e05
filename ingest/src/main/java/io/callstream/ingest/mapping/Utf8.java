package io.callstream.ingest.mapping;

/**
 * Strict UTF-8 validation (RFC 3629, the well-formed byte sequences of Unicode Table 3-7): no
 * overlong forms, no encoded surrogates, nothing past U+10FFFF, no truncated sequence. Allocation
 * free, with a fast path for ASCII; it accepts exactly what the JDK's REPORTing UTF-8 decoder
 * accepts, without that decoder's per-call buffers (a profile finding: they were most of ingest's
 * garbage per request).
 */
final class Utf8 {

    private Utf8() {
    }

    /** The index of the first byte of the first ill-formed sequence, or -1 when all of it is well formed. */
    static int firstInvalid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return i; // a continuation byte first, or an overlong 2-byte lead (C0, C1)
            }
            if (c < 0xE0) {
                if (i + 1 >= n || !cont(b[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= n) {
                    return i;
                }
                int c1 = b[i + 1] & 0xFF;
                boolean ok = switch (c) {
                    case 0xE0 -> c1 >= 0xA0 && c1 <= 0xBF; // no overlong 3-byte form
                    case 0xED -> c1 >= 0x80 && c1 <= 0x9F; // no surrogates
                    default -> c1 >= 0x80 && c1 <= 0xBF;
                };
                if (!ok || !cont(b[i + 2])) {
                    return i;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= n) {
                    return i;
                }
                int c1 = b[i + 1] & 0xFF;
                boolean ok = switch (c) {
                    case 0xF0 -> c1 >= 0x90 && c1 <= 0xBF; // no overlong 4-byte form
                    case 0xF4 -> c1 >= 0x80 && c1 <= 0x8F; // nothing past U+10FFFF
                    default -> c1 >= 0x80 && c1 <= 0xBF;
                };
                if (!ok || !cont(b[i + 2]) || !cont(b[i + 3])) {
                    return i;
                }
                i += 4;
            } else {
                return i; // F5..FF never appear in UTF-8
            }
        }
        return -1;
    }

    private static boolean cont(byte b) {
        return (b & 0xC0) == 0x80;
    }
}

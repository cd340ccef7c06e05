package io.callstream.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer like {@link java.io.ByteArrayOutputStream}, without its locks, kept per
 * thread by the serializer. A buffer grown past {@link #KEEP} by a large record is dropped after use.
 */
final class ByteSink extends OutputStream {

    private static final int INITIAL = 512;
    private static final int KEEP = 64 * 1024;

    private byte[] buf = new byte[INITIAL];
    private int count;

    void reset() {
        count = 0;
    }

    /** Gives back a buffer a large record grew, so that an idle thread does not hold it. */
    void release() {
        if (buf.length > KEEP) {
            buf = new byte[INITIAL];
        }
        count = 0;
    }

    @Override
    public void write(int b) {
        ensure(count + 1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(count + len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** Four bytes, big-endian (the wire format's schema id). */
    void writeInt(int v) {
        ensure(count + 4);
        buf[count++] = (byte) (v >>> 24);
        buf[count++] = (byte) (v >>> 16);
        buf[count++] = (byte) (v >>> 8);
        buf[count++] = (byte) v;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    private void ensure(int size) {
        if (size > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size, buf.length * 2));
        }
    }
}

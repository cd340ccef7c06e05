package io.callstream.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a tar stream (ustar, with pax and GNU long-name headers, as Jib and the assembly plugin write
 * them) into path → entry, keeping file contents up to a size limit. Test-only; enough to inspect a
 * distribution tarball and an image's layers without unpacking them.
 */
final class Tar {

    /** One entry: its mode bits, type ('0' file, '5' directory, '2' symlink), size and (small files') bytes. */
    record Entry(String path, int mode, char type, long size, byte[] content) {
        boolean executable() {
            return (mode & 0111) != 0;
        }

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private Tar() {
    }

    /** Every entry of the stream; contents kept for files up to {@code keepBytes}. Paths lose a leading "./" or "/". */
    static Map<String, Entry> read(InputStream in, long keepBytes) throws IOException {
        return read(in, (path, size) -> size <= keepBytes);
    }

    /** Every entry of the stream; contents kept where {@code keep} says so for the entry's path and size. */
    static Map<String, Entry> read(InputStream in, java.util.function.BiPredicate<String, Long> keep) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        byte[] header = new byte[512];
        String longName = null;
        while (readFully(in, header)) {
            if (isZero(header)) {
                break;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            int mode = (int) octal(header, 100, 8);
            long size = octal(header, 124, 12);
            char type = (char) (header[156] == 0 ? '0' : header[156]);
            String rawPath = prefix.isEmpty() ? name : prefix + "/" + name;
            byte[] data = body(in, size, type == 'x' || type == 'L'
                    || keep.test(clean(longName != null ? longName : rawPath), size));
            if (type == 'x') {
                longName = paxPath(new String(data, StandardCharsets.UTF_8)).orElse(longName);
                continue;
            }
            if (type == 'L') {
                longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                continue;
            }
            if (type == 'g') {
                continue;
            }
            String path = clean(longName != null ? longName : rawPath);
            longName = null;
            entries.put(path, new Entry(path, mode, type, size, data == null ? new byte[0] : data));
        }
        return entries;
    }

    private static String clean(String path) {
        return path.replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
    }

    private static java.util.Optional<String> paxPath(String records) {
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return java.util.Optional.of(line.substring(space + 6));
            }
        }
        return java.util.Optional.empty();
    }

    private static byte[] body(InputStream in, long size, boolean keep) throws IOException {
        long padded = (size + 511) / 512 * 512;
        ByteArrayOutputStream out = keep ? new ByteArrayOutputStream((int) Math.min(size, 1 << 20)) : null;
        byte[] buf = new byte[8192];
        long left = padded;
        long wanted = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("truncated tar entry");
            }
            if (out != null && wanted > 0) {
                out.write(buf, 0, (int) Math.min(n, wanted));
            }
            wanted -= n;
            left -= n;
        }
        return out == null ? null : out.toByteArray();
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                return false;
            }
            off += n;
        }
        return true;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) {
        String s = field(h, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}

package io.callstream.reliability.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately dumb HTTP/1.1 client on a plain socket, one per worker thread: it writes whatever
 * bytes it is given (malformed ones included), trickled or cut off when asked, and reads one answer
 * (status, the body's {@code ErrorCode}). Well-formed requests reuse a keep-alive connection;
 * {@link RawRequest#fresh()} ones get a connection of their own. Connections are closed with
 * SO_LINGER 0 (a reset), so a 100,000-request run leaves no TIME_WAIT sockets behind.
 */
public final class RawHttpClient implements AutoCloseable {

    /** The answer to one request: {@code status} -1 when none came. */
    public record Answer(int status, int errorCode, String failure) {
        static Answer none(String why) {
            return new Answer(-1, -1, why);
        }
    }

    private static final Pattern ERROR_CODE = Pattern.compile("\"(?:ErrorCode|errorCode)\"\\s*:\\s*(\\d+)");

    private final InetSocketAddress address;
    private final int readTimeoutMs;
    private Socket socket;
    private InputStream input;

    public RawHttpClient(InetSocketAddress address, int readTimeoutMs) {
        this.address = address;
        this.readTimeoutMs = readTimeoutMs;
    }

    /** Sends {@code q} and reads its answer (none for an aborted request). */
    public Answer send(RawRequest q) {
        try {
            if (q.fresh() || q.abortAfter() >= 0) {
                closeQuietly();
            }
            Socket s = connection();
            OutputStream out = s.getOutputStream();
            int n = q.abortAfter() >= 0 ? Math.min(q.abortAfter(), q.bytes().length) : q.bytes().length;
            if (q.trickle()) {
                int step = 16 + (int) (Math.random() * 64);
                for (int i = 0; i < n; i += step) {
                    out.write(q.bytes(), i, Math.min(step, n - i));
                    out.flush();
                    Thread.sleep(2);
                }
            } else {
                out.write(q.bytes(), 0, n);
                out.flush();
            }
            if (q.abortAfter() >= 0) {
                closeQuietly();
                return Answer.none("aborted by the client");
            }
            Answer a = read(input);
            if (q.fresh() || a.status() < 0) {
                closeQuietly();
            }
            return a;
        } catch (SocketTimeoutException e) {
            closeQuietly();
            return Answer.none("no answer within " + readTimeoutMs + " ms");
        } catch (IOException e) {
            closeQuietly();
            return Answer.none(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly();
            return Answer.none("interrupted");
        }
    }

    private Socket connection() throws IOException {
        if (socket == null || socket.isClosed()) {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setSoLinger(true, 0);
            s.setSoTimeout(readTimeoutMs);
            s.connect(address, 5_000);
            socket = s;
            input = new java.io.BufferedInputStream(s.getInputStream(), 8192);
        }
        return socket;
    }

    /** Reads one answer; a close before the status line is no answer, a close mid-body still counts. */
    private Answer read(InputStream in) throws IOException {
        Answer a;
        do {
            a = readOne(in);
        } while (a.status() >= 100 && a.status() < 200); // 100 Continue: the real answer follows
        return a;
    }

    private Answer readOne(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/")) {
            return Answer.none(statusLine == null ? "connection closed without an answer" : "not HTTP: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            String size;
            while ((size = line(in)) != null) {
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    line(in);
                    break;
                }
                body.writeBytes(in.readNBytes(n));
                line(in);
            }
        } else if (length > 0) {
            body.writeBytes(in.readNBytes((int) Math.min(length, 1 << 20)));
        } else if (length < 0 && close) {
            body.writeBytes(in.readNBytes(1 << 16));
        }
        if (close) {
            closeQuietly();
        }
        Matcher m = ERROR_CODE.matcher(body.toString(StandardCharsets.UTF_8));
        return new Answer(status, m.find() ? Integer.parseInt(m.group(1)) : -1, null);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
            socket = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}

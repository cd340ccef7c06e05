package io.callstream.reliability.fuzz;

import io.callstream.deploy.traffic.WebhookRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a valid generated webhook into the bytes of one fuzz request of a given {@link FuzzKind}:
 * the webhook as sent (in several valid shapes), or the webhook broken at the JSON, UTF-8, query,
 * header or framing level. Every request carries {@code X-Request-Id: <id>} (kept in a dead letter's
 * origin), and every JSON object body a top-level {@code "FuzzId":"<id>"} (kept in the call-event's
 * {@code extra}), so the harness can find the record each answer promises.
 */
public final class Mutator {

    private static final Pattern NUMBER_VALUE = Pattern.compile("(\"[A-Za-z_]+\"):(-?\\d+)");
    private static final Pattern STRING_VALUE = Pattern.compile("(\"[A-Za-z_]+\"):\"([^\"]*)\"");
    private static final Pattern ANY_VALUE = Pattern.compile("(\"(?!FuzzId)[A-Za-z_]+\"):(\"[^\"]*\"|-?\\d+|\\[|\\{|true|false|null)");
    private static final String[] EXTREME = {"1e308", "1e400", "-1e400", "99999999999999999999999999999999",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "-1", "0", "-0", "1.5", "1E2",
        "0.0000001", "4294967296", "NaN", "Infinity", "-Infinity", "0x10", "01", "1e-400"};
    private static final String[] WRONG = {"123", "\"text\"", "true", "null", "[]", "{}", "[1,2]", "{\"a\":1}", "1.25",
        "\"\"", "-7", "[{}]", "[null]"};
    private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "application/octet-stream", "json", "application/", ";;;",
        "application/json-patch", "text/html; charset=utf-8", "\u00e9/\u00e9"};

    private final long sdkAppId;
    private final String host;
    private final int bodyLimit;

    /**
     * @param sdkAppId  the accepted SDKAppID
     * @param host      the Host header value, e.g. {@code 127.0.0.1:8080}
     * @param bodyLimit ingest's {@code ingest.body.limit.bytes}
     */
    public Mutator(long sdkAppId, String host, int bodyLimit) {
        this.sdkAppId = sdkAppId;
        this.host = host;
        this.bodyLimit = bodyLimit;
    }

    /** The request {@code id} of {@code kind} made from {@code w}. */
    public RawRequest build(String id, FuzzKind kind, WebhookRequest w, Random r) {
        String path = w.pathAndQuery(sdkAppId);
        String body = tag(w.body(), id);
        List<String> headers = new ArrayList<>(List.of("Content-Type: application/json"));
        switch (kind) {
            case VALID:
                return plain(id, kind, "POST", path, headers, utf8(body), true);
            case VALID_CHARSET:
                headers.set(0, r.nextBoolean() ? "Content-Type: application/json; charset=utf-8"
                        : "content-type: Application/JSON;charset=UTF-8");
                return plain(id, kind, "POST", path, headers, utf8(body), true);
            case VALID_NO_CONTENT_TYPE:
                headers.clear();
                return plain(id, kind, "POST", path, headers, utf8(body), true);
            case VALID_CHUNKED:
                return chunked(id, kind, path, headers, utf8(body), r);
            case VALID_ODD_QUERY:
                return plain(id, kind, "POST", path + oddButDecodableQuery(r), headers, utf8(body), true);
            case VALID_EXTRA_HEADERS:
                headers.add("X-Forwarded-For: 203.0.113.7, 10.0.0.1");
                headers.add("User-Agent: " + "fuzz/".repeat(1 + r.nextInt(200)));
                headers.add("X-Empty:");
                headers.add("X-Unicode: \u00e9\u00e8");
                headers.add("Accept: */*");
                return plain(id, kind, "POST", path, headers, utf8(body), true);
            case VALID_AT_LIMIT:
                return plain(id, kind, "POST", path, headers, padTo(body, bodyLimit), true);
            case VALID_SLOW:
                return withMode(plain(id, kind, "POST", path, headers, utf8(body), true), -1, true, true);
            case TRUNCATED_JSON: {
                byte[] b = utf8(body);
                int cut = 1 + r.nextInt(Math.max(1, b.length - 1));
                return plain(id, kind, "POST", path, headers, java.util.Arrays.copyOf(b, cut), true);
            }
            case BROKEN_JSON:
                return plain(id, kind, "POST", path, headers, utf8(breakJson(body, r)), true);
            case DEEP_NESTING: {
                int depth = new int[] {600, 1001, 5000, 20000}[r.nextInt(4)];
                String open = r.nextBoolean() ? "[".repeat(depth) : "{\"a\":".repeat(depth);
                String close = open.startsWith("[") ? "]".repeat(depth) : "}".repeat(depth);
                String deep = body.replaceFirst("\\{", "{\"Deep\":" + open + "1" + close + ",");
                return plain(id, kind, "POST", path, headers, utf8(deep), true)
                        .withVariant((open.startsWith("[") ? "array-" : "object-") + depth);
            }
            case BIG_STRING: {
                int n = bodyLimit - body.length() - 64 - r.nextInt(1000);
                return plain(id, kind, "POST", path, headers,
                        utf8(body.replaceFirst("\\{", "{\"Big\":\"" + "x".repeat(Math.max(0, n)) + "\",")), true);
            }
            case WRONG_TYPE:
                return plain(id, kind, "POST", path, headers, utf8(replaceOneValue(body, WRONG, r)), true);
            case EXTREME_NUMBER:
                return plain(id, kind, "POST", path, headers, utf8(replaceNumber(body, r)), true);
            case INVALID_UTF8:
                return plain(id, kind, "POST", path, headers, invalidUtf8(body, r), true);
            case DUPLICATE_KEYS:
                return plain(id, kind, "POST", path, headers, utf8(duplicateKey(body, r)), true);
            case NOT_AN_OBJECT: {
                String[] bodies = {"[]", "\"string\"", "123", "null", "true", "[" + body + "]", " ", "{}"};
                return plain(id, kind, "POST", path, headers, utf8(bodies[r.nextInt(bodies.length)]), false);
            }
            case EMPTY_BODY:
                return plain(id, kind, "POST", path, headers, new byte[0], false);
            case BAD_PERCENT_ENCODING: {
                String[] bad = {"%ZZ", "%", "%E2%82", "%C0%AF", "%u0041", "%%", "%G1", "%FF%FE"};
                String b = bad[r.nextInt(bad.length)];
                return plain(id, kind, "POST", path + "&x=" + b, headers, utf8(body), true).withVariant(b);
            }
            case REPEATED_PARAMETERS: {
                String name = w.isV4() ? "SdkAppid" : "sdkappid";
                String q = r.nextBoolean() ? "&" + name + "=" + sdkAppId : "&" + name + "=1&" + name + "=" + sdkAppId;
                return plain(id, kind, "POST", path + q + "&command=x&command=y".repeat(1 + r.nextInt(50)), headers,
                        utf8(body), true);
            }
            case HUGE_PARAMETER: {
                int n = new int[] {1000, 3000, 5000, 20000, 100000}[r.nextInt(5)];
                return withMode(plain(id, kind, "POST", path + "&big=" + "a".repeat(n), headers, utf8(body), true), -1,
                        false, true);
            }
            case UNKNOWN_SDKAPPID: {
                String p = path.replace("dkappid=" + sdkAppId, "dkappid=" + new String[] {"1", "-1", "", "abc",
                    "99999999999999999999", "1400000001x"}[r.nextInt(6)]).replace("dkAppid=" + sdkAppId, "dkAppid=7");
                if (r.nextInt(4) == 0) {
                    p = p.replaceAll("[Ss]dk[Aa]ppid=[^&]*&?", "");
                }
                return plain(id, kind, "POST", p, headers, utf8(body), true);
            }
            case ODD_CONTENT_TYPE:
                headers.set(0, "Content-Type: " + CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)]);
                return plain(id, kind, "POST", path, headers, utf8(body), true);
            case ODD_HEADERS:
                return oddHeaders(id, kind, path, headers, utf8(body), r);
            case BAD_FRAMING:
                return badFraming(id, kind, path, utf8(body), r);
            case WRONG_METHOD_OR_PATH: {
                String[] methods = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO", "post"};
                String m = methods[r.nextInt(methods.length)];
                String p = r.nextBoolean() ? path : path.replace("/callbacks/callkit", new String[] {"/callbacks/callkit/",
                    "/callbacks", "/CALLBACKS/CALLKIT", "/callbacks/callkit/../callkit", "//callbacks/callkit",
                    "/callbacks/callkit;x=1", "/%2e%2e/callkit"}[r.nextInt(7)]);
                if (p.equals(path)) {
                    return withMode(plain(id, kind, m, p, headers, utf8(body), true), -1, false, true);
                }
                return withMode(plain(id, kind, r.nextBoolean() ? "POST" : m, p, headers, utf8(body), true), -1, false, true);
            }
            case OVER_LIMIT:
                return withMode(plain(id, kind, "POST", path, headers, padTo(body, bodyLimit + 1 + r.nextInt(4096)), true),
                        -1, false, true);
            case WAY_OVER_LIMIT:
                return withMode(plain(id, kind, "POST", path, headers, padTo(body, 1 << (20 + r.nextInt(3))), true),
                        -1, false, true);
            case SLOW_MUTATION: {
                RawRequest broken = build(id, r.nextBoolean() ? FuzzKind.TRUNCATED_JSON : FuzzKind.WRONG_TYPE, w, r);
                return new RawRequest(id, kind, broken.bytes(), -1, true, true, broken.hasFuzzId(), broken.label());
            }
            case ABORT_MID_BODY: {
                RawRequest whole = plain(id, kind, "POST", path, headers, utf8(body), true);
                int head = whole.bytes().length - utf8(body).length;
                return withMode(whole, head + r.nextInt(Math.max(1, utf8(body).length - 1)), r.nextInt(3) == 0, true);
            }
            case ABORT_MID_HEADERS: {
                RawRequest whole = plain(id, kind, "POST", path, headers, utf8(body), true);
                int head = whole.bytes().length - utf8(body).length;
                return withMode(whole, 1 + r.nextInt(head - 2), false, true);
            }
            default:
                throw new IllegalArgumentException(kind.name());
        }
    }

    /** Adds {@code "FuzzId":"<id>"} as the object's first field. */
    static String tag(String body, String id) {
        return body.replaceFirst("\\{", "{\"FuzzId\":\"" + id + "\",");
    }

    private RawRequest plain(String id, FuzzKind kind, String method, String path, List<String> headers, byte[] body,
                             boolean hasFuzzId) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\n");
        head.append("X-Request-Id: ").append(id).append("\r\n");
        headers.forEach(h -> head.append(h).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return new RawRequest(id, kind, concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body), -1, false,
                false, hasFuzzId, "");
    }

    private static RawRequest withMode(RawRequest q, int abortAfter, boolean trickle, boolean fresh) {
        return new RawRequest(q.id(), q.kind(), q.bytes(), abortAfter, trickle, fresh, q.hasFuzzId(), q.variant());
    }

    private RawRequest chunked(String id, FuzzKind kind, String path, List<String> headers, byte[] body, Random r) {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nX-Request-Id: ").append(id).append("\r\n");
        headers.forEach(h -> head.append(h).append("\r\n"));
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        int i = 0;
        while (i < body.length) {
            int n = Math.min(body.length - i, 1 + r.nextInt(200));
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            i += n;
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return new RawRequest(id, kind, out.toByteArray(), -1, false, false, true, "");
    }

    private RawRequest oddHeaders(String id, FuzzKind kind, String path, List<String> headers, byte[] body, Random r) {
        int v = r.nextInt(6);
        String[] names = {"long-header", "300-headers", "two-content-types", "expect-100-continue", "connection-close",
            "control-characters"};
        switch (v) {
            case 0 -> headers.add("X-Long: " + "h".repeat(new int[] {1000, 7000, 9000, 70000}[r.nextInt(4)]));
            case 1 -> {
                for (int i = 0; i < 300; i++) {
                    headers.add("X-Many-" + i + ": " + i);
                }
            }
            case 2 -> headers.add("Content-Type: text/plain"); // two content types
            case 3 -> headers.add("Expect: 100-continue");
            case 4 -> headers.add("Connection: close");
            default -> headers.add("X-Ctl: a\u0001b\u007fc");
        }
        return withMode(plain(id, kind, "POST", path, headers, body, true), -1, false, true).withVariant(names[v]);
    }

    private RawRequest badFraming(String id, FuzzKind kind, String path, byte[] body, Random r) {
        String start = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-Request-Id: " + id
                + "\r\nContent-Type: application/json\r\n";
        int v = r.nextInt(8);
        String[] names = {"two-content-lengths", "content-length-negative", "content-length-not-a-number",
            "content-length-and-chunked", "gzip-chunked", "http-9.9", "header-without-colon", "double-space-request-line"};
        String head = switch (v) {
            case 0 -> start + "Content-Length: " + body.length + "\r\nContent-Length: " + (body.length + 5) + "\r\n\r\n";
            case 1 -> start + "Content-Length: -1\r\n\r\n";
            case 2 -> start + "Content-Length: abc\r\n\r\n";
            case 3 -> start + "Content-Length: " + body.length + "\r\nTransfer-Encoding: chunked\r\n\r\n";
            case 4 -> start + "Transfer-Encoding: gzip, chunked\r\n\r\n"; // the JSON is read as a chunk-size line
            case 5 -> "POST " + path + " HTTP/9.9\r\nHost: " + host + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            case 6 -> start + "Bad Header Line Without Colon\r\nContent-Length: " + body.length + "\r\n\r\n";
            default -> "POST  " + path.replace("?", " ?") + " HTTP/1.1\r\nContent-Length: " + body.length + "\r\n\r\n";
        };
        // A chunked body ends its (malformed) chunk-size line, so the request is whole as far as the server can tell.
        byte[] tail = v == 3 || v == 4 ? utf8("\r\n") : new byte[0];
        return new RawRequest(id, kind, concat(concat(head.getBytes(StandardCharsets.ISO_8859_1), body), tail), -1, false,
                true, true, names[v]);
    }

    private static String oddButDecodableQuery(Random r) {
        String[] extras = {"&x=%E2%9C%93", "&empty=", "&=novalue", "&a=1&a=2&a=3", "&sp=a+b%20c", "&noeq",
            "&&&", "&k=" + "v".repeat(500), "&%E6%97%A5=%E6%9C%AC", "&contenttype=json"};
        return extras[r.nextInt(extras.length)];
    }

    private static byte[] padTo(String body, int size) {
        String start = "{\"Pad\":\"";
        String rest = "\"," + body.substring(1);
        int n = size - utf8(start).length - utf8(rest).length;
        return utf8(start + "p".repeat(Math.max(0, n)) + rest);
    }

    private static String breakJson(String body, Random r) {
        StringBuilder b = new StringBuilder(body);
        int from = body.indexOf(',') + 1; // past the FuzzId field, which must survive
        int at = from + r.nextInt(Math.max(1, b.length() - from));
        switch (r.nextInt(6)) {
            case 0 -> b.insert(at, '}');
            case 1 -> b.setCharAt(body.indexOf(':', from), '=');
            case 2 -> b.insert(at, "\"");
            case 3 -> b.append(r.nextBoolean() ? "garbage" : "{}");
            case 4 -> b.deleteCharAt(Math.max(from, body.indexOf(',', from)));
            default -> b.insert(at, ",,");
        }
        return b.toString();
    }

    private static String replaceOneValue(String body, String[] values, Random r) {
        List<int[]> spots = new ArrayList<>();
        Matcher m = ANY_VALUE.matcher(body);
        while (m.find()) {
            if (!m.group(2).equals("[") && !m.group(2).equals("{")) {
                spots.add(new int[] {m.start(2), m.end(2)});
            }
        }
        if (spots.isEmpty()) {
            return body;
        }
        int[] s = spots.get(r.nextInt(spots.size()));
        return body.substring(0, s[0]) + values[r.nextInt(values.length)] + body.substring(s[1]);
    }

    private static String replaceNumber(String body, Random r) {
        List<int[]> spots = new ArrayList<>();
        Matcher m = NUMBER_VALUE.matcher(body);
        while (m.find()) {
            spots.add(new int[] {m.start(2), m.end(2)});
        }
        if (spots.isEmpty()) {
            return replaceOneValue(body, EXTREME, r);
        }
        int[] s = spots.get(r.nextInt(spots.size()));
        return body.substring(0, s[0]) + EXTREME[r.nextInt(EXTREME.length)] + body.substring(s[1]);
    }

    private static byte[] invalidUtf8(String body, Random r) {
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
        Matcher m = STRING_VALUE.matcher(body);
        List<Integer> spots = new ArrayList<>();
        while (m.find()) {
            if (!m.group(1).equals("\"FuzzId\"")) {
                spots.add(m.start(2));
            }
        }
        int at = spots.isEmpty() ? body.length() / 2 : spots.get(r.nextInt(spots.size()));
        byte[] head = utf8(body.substring(0, at));
        return concat(concat(head, bad[r.nextInt(bad.length)]), utf8(body.substring(at)));
    }

    private static String duplicateKey(String body, Random r) {
        Matcher m = STRING_VALUE.matcher(body);
        List<String> fields = new ArrayList<>();
        while (m.find()) {
            if (!m.group(1).equals("\"FuzzId\"")) {
                fields.add(m.group(1));
            }
        }
        String key = fields.isEmpty() ? "\"CallId\"" : fields.get(r.nextInt(fields.size()));
        return body.replaceFirst("\\{", "{" + key + ":\"dup\",");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

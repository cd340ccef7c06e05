package io.callstream.reliability.probes;

import io.callstream.common.auth.UserSigTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Security probes of the processor's call-records API (docs/processor.md, Call records API): UserSigs
 * forged, expired, future-dated and of another app, a non-administrator, another app's administrator
 * asking for this app's call, replays, oversized and malformed bodies, bad query strings, the rate limit
 * and the limit of failed authentications per source address; each with the code the docs give for it.
 *
 * <p>Requests are written on plain sockets bound to rotating source addresses 127.0.1.x (Linux routes
 * all of 127/8 to loopback), so the limit of failed authentications per source (30 a minute, fixed in
 * the processor) does not turn the later probes into 60011: each source fails a few times at most. The
 * probe of that limit uses sources of its own.
 */
public final class RecordsProbes {

    private static final Pattern CODE = Pattern.compile("\"(?:ErrorCode|errorCode)\"\\s*:\\s*(\\d+)");
    static final String V4_ID = "/v4/call_record_http_srv/get_record_by_callid";
    static final String V4_FILTER = "/v4/call_record_http_srv/get_record_by_filter";
    static final String V1_ID = "/v1/records/get_record_by_callId";
    static final String V1_FILTER = "/v1/records/get_records_by_filter";
    static final String INTERNAL_GET = "/internal/records/get";

    /** An app the processor serves: its SDKAppID, secret key and an administrator. */
    public record App(long sdkAppId, String key, String admin) {
    }

    private final String host;
    private final int port;
    private final App app;
    private final App other;
    private final String ingestUrl;
    private final AtomicLong random = new AtomicLong(5000);
    private final AtomicInteger source = new AtomicInteger();

    /**
     * @param host      the processor's HTTP host (127.0.0.1)
     * @param port      its port
     * @param app       the app whose record is seeded and probed
     * @param other     a second app the processor serves (another administrator, possibly the same key)
     * @param ingestUrl ingest, to seed one call of {@code app}
     */
    public RecordsProbes(String host, int port, App app, App other, String ingestUrl) {
        this.host = host;
        this.port = port;
        this.app = app;
        this.other = other;
        this.ingestUrl = ingestUrl;
    }

    public List<AdminProbes.Probe> run() throws IOException, InterruptedException {
        List<AdminProbes.Probe> out = new ArrayList<>();
        long now = System.currentTimeMillis() / 1000;
        long a = app.sdkAppId();
        String good = sig(app, app.admin(), 86_400, now);
        String callId = "records-probe-" + System.currentTimeMillis();
        String byId4 = "{\"CallId\":\"" + callId + "\"}";
        String byId1 = "{\"callId\":\"" + callId + "\"}";
        seedCall(callId, now);
        AdminProbes.Probe found = awaitRecord(byId4, good, 120);
        out.add(found);
        // control: what must be answered 0
        out.add(v4("control", "v1 get_record_by_callId of the seeded call (must be accepted)", V1_ID, a, app.admin(), good,
                byId1, 0));
        // the seeded call started at now - 20 s; the fuzz before the probes leaves thousands of calls, so the
        // filters ask for that second only, 100 a page
        String second4 = "{\"StartTime\":" + (now - 20) + ",\"EndTime\":" + (now - 20) + ",\"NumberPerPage\":100}";
        out.add(listing("control", "v4 get_record_by_filter of the seeded call's start second lists it (must be accepted)",
                V4_FILTER, a, app.admin(), good, second4, callId, true));
        out.add(listing("control", "v1 get_records_by_filter of that second lists it (must be accepted)", V1_FILTER, a,
                app.admin(), good, "{\"startTimestamp\":" + (now - 20) + ",\"endTimestamp\":" + (now - 20) + "}", callId,
                true));
        out.add(v4("control", "v4 unknown CallId: record does not exist", V4_ID, a, app.admin(), good,
                "{\"CallId\":\"no-such-call\"}", 101050));
        out.add(v4("control", "v1 unknown callId: record does not exist", V1_ID, a, app.admin(), good,
                "{\"callId\":\"no-such-call\"}", 999));
        out.add(v4("control", "UserSig issued 1 minute ahead, within the 5-minute clock skew (must be accepted)",
                V4_FILTER, a, app.admin(), sig(app, app.admin(), 86_400, now + 60), "{}", 0));
        // UserSig
        out.add(v4("usersig", "forged: signed with another key", V4_FILTER, a, app.admin(),
                UserSigTool.generate(a, "not-the-key", app.admin(), 86_400, now), "{}", 70009));
        out.add(v4("usersig", "forged: garbage", V4_FILTER, a, app.admin(),
                "eJyrVkrNS85MTlWyUqhWMjIwMDVQMjQ1NTA0sDQ1UKoFAFqfBv0_", "{}", 70003));
        out.add(v4("usersig", "forged: not Base64", V4_FILTER, a, app.admin(), "!!not*base64~~", "{}", 70003));
        out.add(v4("usersig", "missing", V4_FILTER, a, app.admin(), null, "{}", 70002));
        out.add(v4("usersig", "empty (usersig=)", V4_FILTER, a, app.admin(), "", "{}", 70002));
        out.add(v4("usersig", "expired (issued 2 days ago, valid 1 day)", V4_ID, a, app.admin(),
                sig(app, app.admin(), 86_400, now - 2 * 86_400), byId4, 70001));
        out.add(v4("usersig", "expiry over 180 days", V4_FILTER, a, app.admin(),
                sig(app, app.admin(), 200L * 86_400, now), "{}", 70003));
        out.add(v4("usersig", "future-dated (issued in 1 hour)", V4_ID, a, app.admin(),
                sig(app, app.admin(), 86_400, now + 3_600), byId4, 70003));
        out.add(v4("usersig", "future-dated (issued in 30 days)", V4_FILTER, a, app.admin(),
                sig(app, app.admin(), 86_400, now + 30L * 86_400), "{}", 70003));
        out.add(v4("usersig", "v1: forged", V1_ID, a, app.admin(),
                UserSigTool.generate(a, "not-the-key", app.admin(), 86_400, now), byId1, 70002));
        out.add(v4("usersig", "v1: expired", V1_ID, a, app.admin(), sig(app, app.admin(), 86_400, now - 2 * 86_400),
                byId1, 70003));
        out.add(v4("usersig", "v1: future-dated (issued in 1 hour)", V1_ID, a, app.admin(),
                sig(app, app.admin(), 86_400, now + 3_600), byId1, 70002));
        // other apps
        String otherSig = sig(other, other.admin(), 86_400, now);
        out.add(v4("app", "other app's UserSig (its administrator, TLS.sdkappid " + other.sdkAppId() + ") on sdkappid "
                + a, V4_ID, a, other.admin(), otherSig, byId4, 70014));
        out.add(v4("app", "app unknown to the server", V4_FILTER, a + 1, app.admin(),
                UserSigTool.generate(a + 1, app.key(), app.admin(), 86_400, now), "{}", 70020));
        out.add(v4("app", "v1: app unknown to the server", V1_FILTER, a + 1, app.admin(),
                UserSigTool.generate(a + 1, app.key(), app.admin(), 86_400, now), "{\"startTimestamp\":0}", 70001));
        out.add(v4("app", "the other app's administrator, authenticated, asks for this app's call by id: does not exist",
                V4_ID, other.sdkAppId(), other.admin(), otherSig, byId4, 101050));
        out.add(v4("app", "v1: the other app's administrator asks for this app's call by id: does not exist",
                V1_ID, other.sdkAppId(), other.admin(), otherSig, byId1, 999));
        out.add(listing("app", "the other app's administrator filters that second: this app's call is not listed",
                V4_FILTER, other.sdkAppId(), other.admin(), otherSig, second4, callId, false));
        // identity
        out.add(v4("identity", "identifier differs from TLS.identifier", V4_ID, a, "ops", good, byId4, 70013));
        out.add(v4("identity", "non-admin identifier with its own valid UserSig", V4_ID, a, "ops",
                sig(app, "ops", 86_400, now), byId4, 70403));
        out.add(v4("identity", "v1: non-admin identifier with its own valid UserSig", V1_ID, a, "ops",
                sig(app, "ops", 86_400, now), byId1, 70004));
        out.add(v4("identity", "identifier with a control character", V4_ID, a, "admin\u0001istrator",
                sig(app, "admin\u0001istrator", 86_400, now), byId4, 70403));
        // replays: a UserSig is a bearer token until it expires and `random` is not a nonce (as Tencent's REST
        // API; docs/RELIABILITY.md, Findings): a replay within validity repeats a read, one after expiry is refused
        String q = query(a, app.admin(), good, "424242");
        out.add(raw("replay", "replay of a valid get_record_by_callid: 1st", "POST", V4_ID + "?" + q, body(byId4), 0));
        out.add(raw("replay", "replay of a valid get_record_by_callid: 2nd, same random (accepted by design)", "POST",
                V4_ID + "?" + q, body(byId4), 0));
        out.add(raw("replay", "replay of a request whose UserSig has expired since", "POST", V4_ID + "?"
                + query(a, app.admin(), UserSigTool.generate(a, app.key(), app.admin(), 1, now - 10), "424243"),
                body(byId4), 70001));
        // bodies
        String big = "{\"CallId\":\"" + "c".repeat(66_000) + "\"}";
        out.add(v4("body", "body over 64 KiB (66 KB)", V4_ID, a, app.admin(), good, big, 100002));
        out.add(v4("body", "v1: body over 64 KiB (66 KB)", V1_ID, a, app.admin(), good,
                "{\"callId\":\"" + "c".repeat(66_000) + "\"}", 70001));
        out.add(v4("body", "body of 4 MB", V4_FILTER, a, app.admin(), good, "{\"x\":\"" + "b".repeat(4 << 20) + "\"}",
                null));
        out.add(v4("body", "body not JSON", V4_ID, a, app.admin(), good, "{not json", 100002));
        out.add(v4("body", "v1: body not JSON", V1_ID, a, app.admin(), good, "{not json", 70009));
        out.add(v4("body", "truncated JSON", V4_ID, a, app.admin(), good, byId4.substring(0, byId4.length() - 3), 100002));
        out.add(v4("body", "body nested 15,000 deep", V4_FILTER, a, app.admin(), good, "[".repeat(15_000), 100002));
        out.add(v4("body", "object nested 2,000 deep", V4_FILTER, a, app.admin(), good,
                "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000), 100002));
        out.add(v4("body", "a JSON array, not an object", V4_FILTER, a, app.admin(), good, "[]", 100002));
        out.add(v4("body", "CallId missing", V4_ID, a, app.admin(), good, "{}", 100002));
        out.add(v4("body", "CallId a number", V4_ID, a, app.admin(), good, "{\"CallId\":12345}", 100002));
        out.add(v4("body", "v1: startTimestamp missing", V1_FILTER, a, app.admin(), good, "{}", 70001));
        out.add(v4("body", "StartTime not a number", V4_FILTER, a, app.admin(), good, "{\"StartTime\":\"abc\"}", 100002));
        out.add(v4("body", "StartTime 1e400", V4_FILTER, a, app.admin(), good, "{\"StartTime\":1e400}", 100002));
        out.add(v4("body", "EndTime before StartTime", V4_FILTER, a, app.admin(), good,
                "{\"StartTime\":" + now + ",\"EndTime\":" + (now - 60) + "}", 100002));
        out.add(v4("body", "NumberPerPage 0", V4_FILTER, a, app.admin(), good, "{\"NumberPerPage\":0}", 100002));
        out.add(v4("body", "NumberPerPage 101", V4_FILTER, a, app.admin(), good, "{\"NumberPerPage\":101}", 100002));
        out.add(v4("body", "Page -1", V4_FILTER, a, app.admin(), good, "{\"Page\":-1}", 100002));
        out.add(v4("body", "page depth over 10,000 (Page 101 × 100)", V4_FILTER, a, app.admin(), good,
                "{\"Page\":101,\"NumberPerPage\":100}", 100002));
        out.add(v4("body", "CallResult not a result word", V4_FILTER, a, app.admin(), good,
                "{\"CallResult\":\"Hacked\"}", 100002));
        // query strings
        String sigA = URLEncoder.encode(good, StandardCharsets.UTF_8);
        String rest = "&identifier=" + app.admin() + "&usersig=" + sigA + "&random=7&contenttype=json";
        out.add(raw("query", "sdkappid missing", "POST", V4_ID + "?" + rest.substring(1), body(byId4), 70402));
        out.add(raw("query", "sdkappid not a number", "POST", V4_ID + "?sdkappid=abc" + rest, body(byId4), 70402));
        out.add(raw("query", "sdkappid negative", "POST", V4_ID + "?sdkappid=-" + a + rest, body(byId4), 70402));
        out.add(raw("query", "sdkappid over 2^63", "POST", V4_ID + "?sdkappid=99999999999999999999" + rest, body(byId4),
                70402));
        out.add(raw("query", "v1: sdkappid not a number", "POST", V1_ID + "?sdkappid=abc" + rest, body(byId1), 70001));
        out.add(raw("query", "identifier missing", "POST", V4_ID + "?sdkappid=" + a + "&usersig=" + sigA
                + "&random=7&contenttype=json", body(byId4), 70402));
        out.add(raw("query", "random missing", "POST", V4_ID + "?sdkappid=" + a + "&identifier=" + app.admin()
                + "&usersig=" + sigA + "&contenttype=json", body(byId4), 70402));
        out.add(raw("query", "random 4294967296 (over uint32)", "POST", V4_ID + "?" + query(a, app.admin(), good,
                "4294967296"), body(byId4), 70402));
        out.add(raw("query", "contenttype xml", "POST", V4_ID + "?" + query(a, app.admin(), good, "8").replace(
                "contenttype=json", "contenttype=xml"), body(byId4), 70402));
        for (String bad : List.of("%ZZ", "%", "%E2%82")) {
            // %ZZ and a lone % make the request URI invalid: the JDK HTTP server answers HTTP 400 before the API
            // (docs/processor.md); %E2%82 is valid percent-encoding of invalid UTF-8: a malformed UserSig
            boolean validUri = bad.equals("%E2%82");
            out.add(raw("query", "bad percent-encoding " + bad + " in usersig" + (validUri ? "" : " (HTTP 400 from the JDK "
                    + "server)"), "POST", V4_ID + "?sdkappid=" + a + "&identifier=" + app.admin() + "&usersig=" + bad
                    + "&random=7&contenttype=json", body(byId4), validUri ? Integer.valueOf(70003) : null));
        }
        out.add(raw("query", "bad percent-encoding %ZZ in an unknown parameter (HTTP 400 from the JDK server)", "POST",
                V4_ID + "?" + query(a, app.admin(), good, "9") + "&x=%ZZ", body(byId4), null));
        out.add(raw("query", "sdkappid repeated (this app's, then another): the first counts, the UserSig is the other's",
                "POST", V4_ID + "?sdkappid=" + a + "&sdkappid=" + other.sdkAppId() + "&identifier=" + other.admin()
                        + "&usersig=" + URLEncoder.encode(otherSig, StandardCharsets.UTF_8) + "&random=7&contenttype=json",
                body(byId4), 70014));
        out.add(raw("query", "query string of 1 MB (a huge unknown parameter)", "POST", V4_ID + "?" + query(a, app.admin(),
                good, "10") + "&x=" + "a".repeat(1 << 20), body(byId4), null));
        // method and path
        out.add(raw("path", "GET instead of POST", "GET", V4_ID + "?" + query(a, app.admin(), good, "11"), new byte[0],
                null));
        out.add(v4("path", "unknown v4 API (delete_record)", "/v4/call_record_http_srv/delete_record", a, app.admin(), good,
                byId4, 100002));
        out.add(v4("path", "unknown v1 API", "/v1/records/delete_record", a, app.admin(), good, byId1, 70001));
        // rate limits and the limit of failed authentications per source
        out.add(rate("rate", "50 concurrent v1 get_record_by_callId (20/s per app): at most 20 answered 0 per second "
                + "the burst spans, the others 70005", V1_ID, body(byId1), good, 20));
        // the instances' internal hop, called from outside with an administrator's valid parameters and the hop
        // header: refused (403) without the instances' signature, else it would get around the rate limit
        out.add(raw("rate", "internal hop " + INTERNAL_GET + " called directly, with X-Callstream-Forwarded: 1 "
                + "(HTTP 403)", "POST", INTERNAL_GET + "?" + query(a, app.admin(), good, next()),
                body("{\"callId\":\"" + callId + "\"}"), null));
        out.add(burst("rate", "50 concurrent calls of the internal hop " + INTERNAL_GET
                + " with the same parameters: refused (the per-app rate must not be bypassed)", INTERNAL_GET,
                body("{\"callId\":\"" + callId + "\"}"), good, null));
        out.addAll(failureLimit(good, byId4, now));
        return out;
    }

    /** 30 forged requests from one source, then a valid one from it (60011) and from another source (0). */
    private List<AdminProbes.Probe> failureLimit(String good, String byId4, long now) {
        long a = app.sdkAppId();
        String forged = UserSigTool.generate(a, "not-the-key", app.admin(), 86_400, now);
        InetAddress blocked = loopback(2, 1);
        for (int i = 0; i < 30; i++) {
            exchange(blocked, "POST", V4_ID + "?" + query(a, app.admin(), forged, next()), body(byId4));
        }
        List<AdminProbes.Probe> out = new ArrayList<>();
        out.add(probe("limit", "valid request from a source that failed 30 times this minute (60011, by design)",
                exchange(blocked, "POST", V4_ID + "?" + query(a, app.admin(), good, next()), body(byId4)), 60011));
        out.add(probe("limit", "valid request from another source right after (must be accepted)",
                exchange(loopback(2, 2), "POST", V4_ID + "?" + query(a, app.admin(), good, next()), body(byId4)), 0));
        return out;
    }

    /**
     * 50 requests from 25 threads; passes when no more were answered 0 than the limit allows in the one-second
     * windows the burst spans (at most floor(span) + 2 of them): not a timed assertion, the bound grows with
     * the time the burst took, so a slow machine can only make the probe weaker, never fail it wrongly.
     */
    private AdminProbes.Probe rate(String group, String name, String path, byte[] body, String good, int perSecond) {
        ExecutorService pool = Executors.newFixedThreadPool(25);
        try {
            List<Callable<Answer>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                InetAddress from = loopback(3, i + 101);
                String q = query(app.sdkAppId(), app.admin(), good, next());
                calls.add(() -> exchange(from, "POST", path + "?" + q, body));
            }
            long t0 = System.nanoTime();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
            double span = (System.nanoTime() - t0) / 1e9;
            java.util.Map<String, Long> tally = new java.util.TreeMap<>();
            answers.forEach(x -> tally.merge("HTTP " + x.status() + "/" + x.code(), 1L, Long::sum));
            long accepted = answers.stream().filter(x -> x.status() == 200 && x.code() == 0).count();
            long limited = answers.stream().filter(x -> x.code() == 60011 || x.code() == 70005).count();
            long bound = (long) perSecond * ((long) Math.floor(span) + 2);
            boolean held = accepted <= bound;
            return new AdminProbes.Probe(group, name, null, 200, limited > 0 ? 70005 : 0, held, String.format(
                    java.util.Locale.ROOT, "answers %s in %.2f s; %d answered 0, at most %d allowed", tally, span, accepted,
                    bound));
        } catch (Exception e) {
            return new AdminProbes.Probe(group, name, null, -1, -1, false, e.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    /** 50 requests at once from 50 sources; passes when at least one got {@code expected} (null: any refusal). */
    private AdminProbes.Probe burst(String group, String name, String path, byte[] body, String good, Integer expected) {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<Answer>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                InetAddress from = loopback(3, i + 1);
                String q = query(app.sdkAppId(), app.admin(), good, next());
                calls.add(() -> exchange(from, "POST", path + "?" + q, body));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
            java.util.Map<String, Long> tally = new java.util.TreeMap<>();
            answers.forEach(x -> tally.merge("HTTP " + x.status() + "/" + x.code(), 1L, Long::sum));
            // the internal hop answers bare JSON (no code): refused means a status other than 200 there
            java.util.function.Predicate<Answer> refused = expected != null ? x -> x.code() == expected
                    : x -> x.status() > 0 && (x.status() != 200 || x.code() > 0);
            boolean hit = answers.stream().anyMatch(refused);
            Answer shown = answers.stream().filter(refused).findFirst().orElse(answers.get(0));
            return new AdminProbes.Probe(group, name, expected, shown.status(), hit ? shown.code() : 0, hit,
                    "answers " + tally);
        } catch (Exception e) {
            return new AdminProbes.Probe(group, name, expected, -1, -1, false, e.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    private AdminProbes.Probe awaitRecord(String byId4, String good, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Answer x;
        do {
            x = exchange(source(), "POST", V4_ID + "?" + query(app.sdkAppId(), app.admin(), good, next()), body(byId4));
            if (x.code() == 0) {
                break;
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        return probe("control", "the seeded call's record, read by its app's administrator (v4, must be accepted)", x, 0);
    }

    /** A v4 StartCall and EndCall of {@code callId} posted to ingest: its summary fills the records view. */
    private void seedCall(String callId, long nowS) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long ms = nowS * 1000;
        String start = "{\"CallbackCommand\":\"Call.CallbackAfterStartCall\",\"CallInfo\":{\"CallId\":\"" + callId
                + "\",\"CallMediaType\":\"Audio\",\"ChatGroupId\":\"\",\"RoomId\":\"\",\"RoomIdType\":1},\"UserList\":["
                + "{\"User_Account\":\"alice\",\"Status\":\"Calling\"},{\"User_Account\":\"bob\",\"Status\":\"Waiting\"}],"
                + "\"EventTime\":" + (ms - 20_000) + "}";
        String end = "{\"CallbackCommand\":\"Call.CallbackAfterEndCall\",\"CallRecord\":{\"CallId\":\"" + callId
                + "\",\"Caller_Account\":\"alice\",\"MediaType\":\"Audio\",\"CallType\":\"SingleCall\",\"StartTime\":"
                + (nowS - 20) + ",\"EndTime\":" + nowS + ",\"AcceptTime\":" + (nowS - 15) + ",\"CallResult\":\"NormalEnd\","
                + "\"CalleeList_Account\":[\"alice\",\"bob\"],\"RoomId\":\"\",\"RoomIdType\":1},\"EventTime\":" + ms + "}";
        for (String[] cb : new String[][] {{"Call.CallbackAfterStartCall", start}, {"Call.CallbackAfterEndCall", end}}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/callbacks/callkit?SdkAppid="
                    + app.sdkAppId() + "&CallbackCommand=" + cb[0] + "&contenttype=json"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(cb[1])).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("ingest refused the seeded " + cb[0] + ": " + r.statusCode() + " " + r.body());
            }
        }
    }

    private AdminProbes.Probe v4(String group, String name, String path, long sdkAppId, String identifier, String sig,
                                 String json, Integer expected) {
        return raw(group, name, "POST", path + "?" + query(sdkAppId, identifier, sig, next()), body(json), expected);
    }

    /** A probe that passes when the answer is 0 and {@code callId} is (or is not) among the listed records. */
    private AdminProbes.Probe listing(String group, String name, String path, long sdkAppId, String identifier,
                                      String sig, String json, String callId, boolean listed) {
        Answer x = exchange(source(), "POST", path + "?" + query(sdkAppId, identifier, sig, next()), body(json));
        boolean has = x.body().contains("\"" + callId + "\"");
        int code = x.code() == 0 && has != listed ? -2 : x.code();
        return new AdminProbes.Probe(group, name, 0, x.status(), code, x.status() != 200 || code != 0,
                (has != listed ? (listed ? "NOT LISTED: " : "LEAKED: ") : "") + shorten(x.body()));
    }

    private AdminProbes.Probe raw(String group, String name, String method, String target, byte[] body, Integer expected) {
        return probe(group, name, exchange(source(), method, target, body), expected);
    }

    private static AdminProbes.Probe probe(String group, String name, Answer x, Integer expected) {
        // refused: an HTTP status other than 200, no answer at all, or an error code (the internal hop's answer
        // has no code at all: with HTTP 200 it was served)
        return new AdminProbes.Probe(group, name, expected, x.status(), x.code(), x.status() != 200 || x.code() > 0,
                x.failure() != null ? x.failure() : shorten(x.body()));
    }

    /** One answer: status -1 when none came (the connection was closed on us: a refusal too). */
    record Answer(int status, int code, String body, String failure) {
    }

    /** One HTTP/1.1 request on its own connection from {@code from}; reads the answer to the end. */
    Answer exchange(InetAddress from, String method, String target, byte[] body) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(host, port), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            String head = method + " " + target + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n"
                    + (target.startsWith("/internal/") ? "X-Callstream-Forwarded: 1\r\n" : "") + "\r\n";
            IOException writeFailed = null;
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                writeFailed = e; // the server may have answered and closed before the whole body went out
            }
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            try {
                InputStream is = s.getInputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = is.read(buf)) >= 0; ) {
                    in.write(buf, 0, n);
                }
            } catch (IOException e) {
                if (in.size() == 0) {
                    return new Answer(-1, -1, "", "connection closed: " + (writeFailed != null ? writeFailed : e));
                }
            }
            String text = in.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.")) {
                return new Answer(-1, -1, text, "no answer" + (writeFailed != null ? " (" + writeFailed + ")" : ""));
            }
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            String payload = split < 0 ? "" : text.substring(split + 4);
            Matcher m = CODE.matcher(payload);
            return new Answer(status, m.find() ? Integer.parseInt(m.group(1)) : -1, payload, null);
        } catch (IOException e) {
            return new Answer(-1, -1, "", "connection failed: " + e);
        }
    }

    private InetAddress source() {
        int n = source.getAndIncrement() % 250;
        return loopback(1, n + 1);
    }

    private static InetAddress loopback(int third, int fourth) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) third, (byte) fourth});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String next() {
        return Long.toString(random.incrementAndGet());
    }

    private static String sig(App app, String identifier, long validity, long issuedAt) {
        return UserSigTool.generate(app.sdkAppId(), app.key(), identifier, validity, issuedAt);
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String query(long sdkAppId, String identifier, String sig, String random) {
        StringBuilder q = new StringBuilder("sdkappid=").append(sdkAppId).append("&identifier=")
                .append(URLEncoder.encode(identifier, StandardCharsets.UTF_8));
        if (sig != null) {
            q.append("&usersig=").append(URLEncoder.encode(sig, StandardCharsets.UTF_8));
        }
        return q.append("&random=").append(random).append("&contenttype=json").toString();
    }

    private static String shorten(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}

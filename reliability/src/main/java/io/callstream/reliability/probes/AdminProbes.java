package io.callstream.reliability.probes;

import io.callstream.common.auth.UserSigTool;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Security probes of the callbacks service's admin API (docs/callbacks.md, The admin API): UserSigs
 * forged, expired, future-dated, of another app or another identifier, a non-administrator,
 * replays, oversized bodies, and an SSRF address list for callback URLs; each with the code the
 * docs give for it (v4 codes; a few v1 probes check the v1 translation).
 */
public final class AdminProbes {

    /** One probe: what was sent, the code expected (null: any refusal), what came back. */
    public record Probe(String group, String name, Integer expected, int status, int code, boolean refused,
                        String note) {
        public boolean passed() {
            return expected == null ? refused : code == expected;
        }
    }

    private static final Pattern CODE = Pattern.compile("\"(?:ErrorCode|errorCode)\"\\s*:\\s*(\\d+)");
    private static final String V4_GET = "/v4/call_config/get_callback";
    private static final String V4_SET = "/v4/call_config/set_callback";
    private static final String V1_SET = "/v1/callback/set";

    private final String base;
    private final long app;
    private final String key;
    private final String admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong random = new AtomicLong(1000);

    /**
     * @param base  the callbacks service, e.g. {@code http://127.0.0.1:8092}
     * @param app   an SDKAppID it serves
     * @param key   that app's secret key
     * @param admin an administrator of it
     */
    public AdminProbes(String base, long app, String key, String admin) {
        this.base = base;
        this.app = app;
        this.key = key;
        this.admin = admin;
    }

    public List<Probe> run() {
        List<Probe> out = new ArrayList<>();
        long now = System.currentTimeMillis() / 1000;
        String good = UserSigTool.generate(app, key, admin, 86_400, now);
        String publicUrl = "{\"Url\":\"https://www.example.com/callback\",\"CallbackCommandList\":[\"Call.CallbackAfterEndCall\"]}";
        out.add(v4("control", "valid UserSig of the administrator, set_callback (must be accepted)", V4_SET, app, admin, good,
                publicUrl, 0));
        out.add(v4("control", "valid UserSig of the administrator, get_callback (must be accepted)", V4_GET, app, admin,
                good, "{}", 0));
        out.add(v4("usersig", "forged: signed with another key", V4_GET, app, admin,
                UserSigTool.generate(app, "not-the-key", admin, 86_400, now), "{}", 70009));
        out.add(v4("usersig", "forged: garbage", V4_GET, app, admin, "eJyrVkrNS85MTlWyUqhWMjIwMDVQMjQ1NTA0sDQ1UKoFAFqfBv0_", "{}", 70003));
        out.add(v4("usersig", "forged: not Base64", V4_GET, app, admin, "!!not*base64~~", "{}", 70003));
        out.add(v4("usersig", "missing", V4_GET, app, admin, null, "{}", 70002));
        out.add(v4("usersig", "expired (issued 2 days ago, valid 1 day)", V4_GET, app, admin,
                UserSigTool.generate(app, key, admin, 86_400, now - 2 * 86_400), "{}", 70001));
        out.add(v4("usersig", "expiry over 180 days", V4_GET, app, admin,
                UserSigTool.generate(app, key, admin, 200L * 86_400, now), "{}", 70003));
        out.add(v4("usersig", "future-dated (issued in 30 days)", V4_GET, app, admin,
                UserSigTool.generate(app, key, admin, 86_400, now + 30L * 86_400), "{}", null));
        out.add(v4("usersig", "future-dated (issued in 1 hour)", V4_GET, app, admin,
                UserSigTool.generate(app, key, admin, 86_400, now + 3_600), "{}", null));
        out.add(v4("app", "other app's UserSig (sdkappid differs from TLS.sdkappid)", V4_GET, app, admin,
                UserSigTool.generate(app + 1, key, admin, 86_400, now), "{}", 70014));
        out.add(v4("app", "app unknown to the server", V4_GET, app + 1, admin,
                UserSigTool.generate(app + 1, key, admin, 86_400, now), "{}", 70020));
        out.add(v4("identity", "identifier differs from TLS.identifier", V4_GET, app, "ops",
                good, "{}", 70013));
        out.add(v4("identity", "non-admin identifier with its own valid UserSig", V4_GET, app, "ops",
                UserSigTool.generate(app, key, "ops", 86_400, now), "{}", 70403));
        out.add(v4("identity", "identifier with a control character", V4_GET, app, "admin\u0001istrator",
                UserSigTool.generate(app, key, "admin\u0001istrator", 86_400, now), "{}", 70403));
        // Replays: the same request, same random, sent twice
        // Not refused by design: a UserSig is a bearer token until it expires and `random` is not a nonce
        // (as in Tencent's REST API); a replay can only repeat an idempotent call. Recorded, not hidden.
        String q = query(app, admin, good, "424242");
        Probe first = send("replay", "replay of a valid set_callback: 1st", V4_SET, q, publicUrl, 0);
        Probe second = send("replay", "replay of a valid set_callback: 2nd, same random (accepted by design)", V4_SET, q,
                publicUrl, 0);
        out.add(first);
        out.add(second);
        String expiredSig = UserSigTool.generate(app, key, admin, 1, now - 10);
        out.add(send("replay", "replay of a request whose UserSig has expired since", V4_GET,
                query(app, admin, expiredSig, "424243"), "{}", 70001));
        // Oversized bodies
        String big = "{\"Url\":\"https://example.com/" + "a".repeat(17_000) + "\",\"CallbackCommandList\":[]}";
        out.add(v4("body", "body over callbacks.max.body.bytes (17 KB)", V4_SET, app, admin, good, big, 100002));
        out.add(v4("body", "body of 4 MB", V4_SET, app, admin, good, "{\"x\":\"" + "b".repeat(4 << 20) + "\"}", null));
        out.add(v4("body", "body not JSON", V4_SET, app, admin, good, "{not json", 100002));
        out.add(v4("body", "body nested 100,000 deep", V4_SET, app, admin, good, "[".repeat(15_000), 100002));
        // SSRF: every address must be refused at configuration time (100002)
        for (String url : SsrfAddresses.LIST) {
            String body = "{\"Url\":\"" + url + "\",\"CallbackCommandList\":[\"Call.CallbackAfterEndCall\"]}";
            out.add(v4("ssrf", url, V4_SET, app, admin, good, body, 100002));
        }
        // the v1 translation of two of the above
        out.add(v1("v1", "v1 set: forged UserSig", app, admin, UserSigTool.generate(app, "x", admin, 86_400, now),
                "{\"address\":\"https://example.com/cb\",\"actions\":[]}", 70002));
        out.add(v1("v1", "v1 set: loopback address", app, admin, good,
                "{\"address\":\"http://127.0.0.1:9000/cb\",\"actions\":[]}", 70001));
        // rate limit before authentication: 30 forged requests, then a valid one
        String forged = UserSigTool.generate(app, "not-the-key", admin, 86_400, now);
        for (int i = 0; i < 30; i++) {
            v1("rate", "forged", app, admin, forged, "{}", 70002);
        }
        out.add(v1("rate", "v1 valid request right after 30 forged ones (must not be rate-limited by them)", app, admin,
                good, "{\"address\":\"https://example.com/cb\",\"actions\":[]}", 0));
        return out;
    }

    /** A v4 set_callback of {@code url} for Call.CallbackAfterStartCall, signed as the administrator. */
    Probe setCallback(String url) {
        String sig = UserSigTool.generate(app, key, admin, 86_400, System.currentTimeMillis() / 1000);
        return v4("ssrf-delivery", "set " + url, V4_SET, app, admin, sig, "{\"Url\":\"" + url
                + "\",\"CallbackCommandList\":[\"Call.CallbackAfterStartCall\"]}", null);
    }

    private Probe v4(String group, String name, String path, long sdkAppId, String identifier, String sig, String body,
                     Integer expected) {
        return send(group, name, path, query(sdkAppId, identifier, sig, Long.toString(random.incrementAndGet())), body,
                expected);
    }

    private Probe v1(String group, String name, long sdkAppId, String identifier, String sig, String body,
                     Integer expected) {
        return send(group, name, V1_SET, query(sdkAppId, identifier, sig, Long.toString(random.incrementAndGet())), body,
                expected);
    }

    private static String query(long sdkAppId, String identifier, String sig, String random) {
        StringBuilder q = new StringBuilder("sdkappid=").append(sdkAppId).append("&identifier=")
                .append(URLEncoder.encode(identifier, StandardCharsets.UTF_8));
        if (sig != null) {
            q.append("&usersig=").append(URLEncoder.encode(sig, StandardCharsets.UTF_8));
        }
        return q.append("&random=").append(random).append("&contenttype=json").toString();
    }

    private Probe send(String group, String name, String path, String query, String body, Integer expected) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path + "?" + query))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = CODE.matcher(r.body());
            int code = m.find() ? Integer.parseInt(m.group(1)) : -1;
            boolean refused = r.statusCode() != 200 || code != 0;
            return new Probe(group, name, expected, r.statusCode(), code, refused,
                    r.body().length() > 160 ? r.body().substring(0, 160) + "…" : r.body());
        } catch (IOException | RuntimeException e) {
            // a connection the server closes on an oversized body is a refusal too
            return new Probe(group, name, expected, -1, -1, true, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(group, name, expected, -1, -1, false, "interrupted");
        }
    }
}

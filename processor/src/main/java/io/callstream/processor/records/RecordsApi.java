package io.callstream.processor.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.callstream.common.auth.AdminAccounts;
import io.callstream.common.auth.AdminAuthenticator;
import io.callstream.common.auth.AuthFailure;
import io.callstream.common.auth.RateLimiter;
import io.callstream.common.auth.UserSigVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call-records API on the processor's HTTP port, in Tencent's two generations (callkit-v4-and-records.md
 * section 5): {@code POST /v1/records/get_record_by_callId}, {@code /v1/records/get_records_by_filter},
 * {@code /v4/call_record_http_srv/get_record_by_callid}, {@code /v4/call_record_http_srv/get_record_by_filter};
 * the callbacks service's admin authentication (sdkappid, identifier = an app administrator, usersig, random,
 * contenttype=json) and the documented rate limits per instance; every answer HTTP 200 with the generation's
 * envelope. Also the internal hops of {@link RecordsQueries} ({@code /internal/records/*}), authenticated with
 * the caller's own parameters, not counted against its rate.
 */
public final class RecordsApi {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsApi.class);
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** The most records one page may show. */
    static final int MAX_PER_PAGE = 100;
    /** The deepest record a filter may page to ({@code page × numberPerPage}): each partition returns that many. */
    static final int MAX_DEPTH = 10_000;
    private static final long SEVEN_DAYS_MS = 7L * 24 * 3600 * 1000;

    private final RecordsQueries queries;
    private final AdminAuthenticator auth;
    private final AdminAccounts accounts;
    private final Clock clock;
    private final long retentionMs;
    private final Map<String, RateLimiter> limiters = new HashMap<>();
    private final RateLimiter unlimited = new RateLimiter(Integer.MAX_VALUE, () -> 0);

    public RecordsApi(RecordsQueries queries, RecordsConfig config, Clock clock) {
        this.queries = queries;
        this.auth = new AdminAuthenticator(config.accounts(), new UserSigVerifier(clock));
        this.accounts = config.accounts();
        queries.signHopsWith(accounts);
        this.clock = clock;
        this.retentionMs = config.retention().toMillis();
        limiters.put("/v1/records/get_record_by_callId", new RateLimiter(20, clock::millis));
        limiters.put("/v1/records/get_records_by_filter", new RateLimiter(200, clock::millis));
        limiters.put("/v4/call_record_http_srv/get_record_by_callid", new RateLimiter(200, clock::millis));
        limiters.put("/v4/call_record_http_srv/get_record_by_filter", new RateLimiter(200, clock::millis));
    }

    /** The HTTP contexts to mount: path prefix → handler. */
    public Map<String, HttpHandler> contexts() {
        Map<String, HttpHandler> m = new LinkedHashMap<>();
        m.put("/v1/records/", ex -> handle(ex, RecordsGeneration.V1));
        m.put("/v4/call_record_http_srv/", ex -> handle(ex, RecordsGeneration.V4));
        m.put("/internal/records/", this::internal);
        return m;
    }

    private void handle(HttpExchange ex, RecordsGeneration gen) throws IOException {
        String requestId = gen.newRequestId();
        String path = ex.getRequestURI().getPath();
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, gen.error(gen.invalidParameter(), "use POST", requestId));
                return;
            }
            RateLimiter limiter = limiters.get(path);
            if (limiter == null) {
                send(ex, 200, gen.error(gen.invalidParameter(), "unknown API " + path + "; known: " + String.join(", ",
                        limiters.keySet().stream().filter(p -> p.startsWith(gen == RecordsGeneration.V1 ? "/v1" : "/v4"))
                                .toList()), requestId));
                return;
            }
            send(ex, 200, answer(ex, gen, path, limiter, requestId));
        }
    }

    private ObjectNode answer(HttpExchange ex, RecordsGeneration gen, String path, RateLimiter limiter, String requestId)
            throws IOException {
        long app;
        Map<String, String> query;
        try {
            query = query(ex.getRequestURI().getRawQuery());
            app = auth.authenticate(query::get, source(ex), limiter);
        } catch (AuthFailure f) {
            LOG.info("records {} refused ({}): {}", path, f.code(), f.getMessage());
            return gen.error(gen.authCode(f.code()), f.getMessage(), requestId);
        } catch (IllegalArgumentException e) {
            return gen.error(gen.authCode(AuthFailure.INVALID_PARAMETER), "the query string cannot be decoded: "
                    + "percent-encode every parameter value", requestId);
        }
        try {
            JsonNode body = body(ex, gen);
            String authQuery = ex.getRequestURI().getRawQuery();
            JsonNode data = path.endsWith("callId") || path.endsWith("callid")
                    ? byCallId(gen, app, body, authQuery) : byFilter(gen, app, body, authQuery);
            return gen.ok(requestId, data);
        } catch (ApiError e) {
            return gen.error(e.code, e.getMessage(), requestId);
        } catch (TryAgainException e) {
            return gen.error(gen.tryAgain(), "internal error, retry: " + e.getMessage(), requestId);
        }
    }

    private JsonNode byCallId(RecordsGeneration gen, long app, JsonNode body, String authQuery) {
        String field = gen == RecordsGeneration.V1 ? "callId" : "CallId";
        JsonNode id = body.get(field);
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw new ApiError(gen.invalidParameter(), field + " is required and must be a non-empty string");
        }
        Optional<CallRecord> r = queries.byCallId(app, id.asText(), authQuery);
        if (r.isEmpty()) {
            throw new ApiError(gen.notFound(), "the record of call " + id.asText() + " does not exist");
        }
        if (gen == RecordsGeneration.V1) {
            return gen.record(r.get());
        }
        ObjectNode response = RecordsGeneration.JSON.createObjectNode();
        response.set("CallRecord", gen.record(r.get()));
        return response;
    }

    private JsonNode byFilter(RecordsGeneration gen, long app, JsonNode body, String authQuery) {
        FilterRequest req = FilterRequest.parse(gen, body, clock.millis(), retentionMs, SEVEN_DAYS_MS);
        RecordFilter f = new RecordFilter(app, req.fromMs(), req.toMs(), req.result(), req.type(), req.page() * req.perPage());
        Slice.Page page = queries.filter(f, req.page(), req.perPage(), authQuery);
        ObjectNode out = RecordsGeneration.JSON.createObjectNode();
        boolean v1 = gen == RecordsGeneration.V1;
        out.put(v1 ? "totalNum" : "TotalNum", page.total());
        // v4: Page > 0 means this page has data (ask Page+1 for more); 0 past the end
        out.put(v1 ? "page" : "Page", v1 || !page.records().isEmpty() ? req.page() : 0);
        ArrayNode list = out.putArray(v1 ? "callRecordList" : "CallRecordList");
        page.records().forEach(r -> list.add(gen.record(r)));
        return out;
    }

    /** A hop from another instance: answered from this instance's own partitions only, never forwarded again. */
    private void internal(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            long app;
            try {
                app = auth.authenticate(query(ex.getRequestURI().getRawQuery())::get, source(ex), unlimited);
            } catch (AuthFailure | IllegalArgumentException e) {
                send(ex, 403, RecordsGeneration.JSON.createObjectNode().put("error", e.getMessage()));
                return;
            }
            byte[] raw = readBody(ex);
            String key = accounts.secretKey(app).orElse("");
            if (!HopSignature.verify(key, path, ex.getRequestURI().getRawQuery(), raw,
                    ex.getRequestHeaders().getFirst(HopSignature.HEADER))) {
                LOG.info("internal hop {} refused: no valid {} (only another processor instance may call it)", path,
                        HopSignature.HEADER);
                send(ex, 403, RecordsGeneration.JSON.createObjectNode().put("error", "an internal hop needs the "
                        + HopSignature.HEADER + " signature of another processor instance"));
                return;
            }
            try {
                JsonNode body = parse(raw, RecordsGeneration.V4);
                if (path.equals(RecordsQueries.GET_PATH)) {
                    send(ex, 200, RecordsQueries.recordJson(queries.byCallIdHere(app, body.path("callId").asText())));
                } else if (path.equals(RecordsQueries.RECORDS_PATH)) {
                    send(ex, 200, RecordsQueries.recordsJson(queries.recordsHere(app, RecordsQueries.callIdsOf(body))));
                } else if (path.equals(RecordsQueries.SLICES_PATH)) {
                    RecordFilter f = RecordsQueries.filterOf(body);
                    RecordFilter own = new RecordFilter(app, f.fromMs(), f.toMs(), f.result(), f.type(),
                            Math.min(f.limit(), MAX_DEPTH));
                    send(ex, 200, RecordsQueries.slicesJson(queries.slicesHere(own)));
                } else {
                    send(ex, 404, RecordsGeneration.JSON.createObjectNode().put("error", "unknown " + path));
                }
            } catch (RecordsQueries.Unavailable e) {
                send(ex, 503, RecordsGeneration.JSON.createObjectNode().put("error", e.getMessage()));
            } catch (ApiError e) {
                send(ex, 400, RecordsGeneration.JSON.createObjectNode().put("error", e.getMessage()));
            }
        }
    }

    private static JsonNode body(HttpExchange ex, RecordsGeneration gen) throws IOException {
        return parse(readBody(ex), gen);
    }

    /** The body, at most one byte over the limit (so that {@link #parse} can tell it is over). */
    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readNBytes(MAX_BODY_BYTES + 1);
        }
    }

    private static JsonNode parse(byte[] bytes, RecordsGeneration gen) {
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiError(gen.invalidParameter(), "the request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return RecordsGeneration.JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = RecordsGeneration.JSON.readTree(text);
        } catch (IOException e) {
            throw new ApiError(gen.unparsableBody(), "the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ApiError(gen.invalidParameter(), "the request body must be a JSON object");
        }
        return node;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, ObjectNode json) throws IOException {
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An API error: the generation's code and a message that says what is wrong. */
    static final class ApiError extends RuntimeException {
        final int code;

        ApiError(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** The caller's address, whose failed authentications the authenticator counts and limits. */
    private static String source(HttpExchange ex) {
        return ex.getRemoteAddress() == null ? "unknown" : ex.getRemoteAddress().getAddress().getHostAddress();
    }
}

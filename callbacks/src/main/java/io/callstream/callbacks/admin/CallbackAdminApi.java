package io.callstream.callbacks.admin;

import io.callstream.callbacks.AddressPolicy;
import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.delivery.DeadLetterReplay;
import io.callstream.callbacks.store.CallbackConfigStore;
import io.callstream.callbacks.store.KafkaCallbackConfigStore;
import io.callstream.common.auth.AdminAuthenticator;
import io.callstream.common.auth.AuthFailure;
import io.callstream.common.auth.FailureLimiter;
import io.callstream.common.auth.RateLimiter;
import io.callstream.common.auth.UserSigVerifier;
import io.callstream.common.logging.LogContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback-configuration admin API, mounted by the callbacks service ({@code CallbackDeliveryMain}) on its router,
 * in Tencent's exact verbs (callkit-v4-and-records.md section 4): v1 {@code POST /v1/callback/{set,get,update,delete}}
 * and v4 {@code POST /v4/call_config/{set,get,delete}_callback}. Every API error is answered with HTTP 200 and
 * the code of the called generation in the body. The configuration lives in the compacted topic
 * {@code callback-config} through a {@link CallbackConfigStore}.
 */
public final class CallbackAdminApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackAdminApi.class);

    private final CallbacksConfig config;
    private final CallbackConfigStore store;
    private final boolean ownsStore;
    private final AdminAuthenticator auth;
    private final CallbackOperations ops;
    private final RateLimiter legacyLimiter;
    private final RateLimiter v4Limiter;
    private final java.util.concurrent.ExecutorService blocking = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "callback-replay");
        t.setDaemon(true);
        return t;
    });

    private CallbackAdminApi(CallbacksConfig config, CallbackConfigStore store, boolean ownsStore, Clock clock) {
        this.config = config;
        this.store = store;
        this.ownsStore = ownsStore;
        this.auth = new AdminAuthenticator(config.adminAccounts(), new UserSigVerifier(clock),
                new FailureLimiter(config.authFailuresPerMinute(), clock::millis));
        this.ops = new CallbackOperations(store, new AddressPolicy(config.allowPrivateAddresses(), config.ownHosts()), clock);
        this.legacyLimiter = new RateLimiter(config.legacyRatePerSecond(), clock::millis);
        this.v4Limiter = new RateLimiter(config.v4RatePerSecond(), clock::millis);
    }

    /**
     * An API on its own Kafka-backed store: creates the compacted topic if needed and reads it to the end
     * before returning, so the first answers already reflect the stored configuration. Blocks while
     * connecting: call it outside an event loop.
     */
    public static CallbackAdminApi create(Vertx vertx, CallbacksConfig config) {
        KafkaCallbackConfigStore store = KafkaCallbackConfigStore.writable(config.kafkaProps(), config.configTopic(), config.writeTimeout());
        try {
            store.catchUp(Duration.ofSeconds(30)).join();
        } catch (RuntimeException e) {
            store.close();
            throw new IllegalStateException("cannot read the callback configuration from " + config.configTopic(), e);
        }
        return new CallbackAdminApi(config, store, true, Clock.systemUTC());
    }

    /** An API on a given store (closed by its owner) and clock. */
    public static CallbackAdminApi create(Vertx vertx, CallbacksConfig config, CallbackConfigStore store, Clock clock) {
        return new CallbackAdminApi(config, store, false, clock);
    }

    /** Adds the admin routes to {@code router}. */
    public void mount(Router router) {
        Map<String, Operation> legacy = new LinkedHashMap<>();
        legacy.put("set", ops::legacySet);
        legacy.put("get", ops::legacyGet);
        legacy.put("update", ops::legacyUpdate);
        legacy.put("delete", ops::legacyDelete);
        mount(router, "/v1/callback/", ApiGeneration.LEGACY, legacyLimiter, legacy);
        Map<String, Operation> v4 = new LinkedHashMap<>();
        v4.put("set_callback", ops::v4Set);
        v4.put("get_callback", ops::v4Get);
        v4.put("delete_callback", ops::v4Delete);
        mount(router, "/v4/call_config/", ApiGeneration.V4, v4Limiter, v4);
        Map<String, Operation> own = new LinkedHashMap<>();
        own.put("enable", ops::enable);
        own.put("replay", this::replay);
        mount(router, "/callstream/callbacks/", ApiGeneration.V4, v4Limiter, own);
    }

    /**
     * {@code POST /callstream/callbacks/replay} {@code {"StartTime":<unix s>,"EndTime":<unix s>}}: parks the app's
     * dead-lettered callbacks that failed in [StartTime, EndTime) on the retry topic, for delivery to send again.
     * Answers {@code Response: {"Replayed": n}} (at most 100,000 per call).
     */
    private CompletableFuture<Object> replay(long app, JsonObject body) {
        Object start = body.getValue("StartTime");
        Object end = body.getValue("EndTime");
        if (!(start instanceof Number s) || !(end instanceof Number e) || s.longValue() < 0 || e.longValue() <= s.longValue()) {
            throw new ApiException(ApiException.V4_INVALID_PARAMETER,
                    "StartTime and EndTime (Unix seconds, EndTime > StartTime) are required");
        }
        DeadLetterReplay replay = new DeadLetterReplay(config.kafkaProps(), config.dlqTopic(), config.retryTopic(), Clock.systemUTC());
        return CompletableFuture.supplyAsync(() -> new JsonObject().put("Replayed", replay.replay(app,
                java.time.Instant.ofEpochSecond(s.longValue()), java.time.Instant.ofEpochSecond(e.longValue()), 100_000)), blocking);
    }

    /** One verb: the authenticated SDKAppID and the request body to the answer's data (null for none). */
    private interface Operation extends BiFunction<Long, JsonObject, CompletableFuture<Object>> {
    }

    private void mount(Router router, String prefix, ApiGeneration gen, RateLimiter limiter, Map<String, Operation> verbs) {
        router.post(prefix + "*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                .failureHandler(ctx -> {
                    String message = ctx.statusCode() == 413
                            ? "the request body exceeds " + config.maxBodyBytes() + " bytes"
                            : "internal error, retry";
                    int code = ctx.statusCode() == 413 ? gen.invalidParameter() : ApiException.INTERNAL;
                    String requestId = gen.newRequestId();
                    if (ctx.statusCode() != 413) {
                        try (LogContext ignored = LogContext.empty().with(LogContext.REQUEST_ID, requestId)) {
                            LOG.warn("admin API failure on {}: {}", ctx.normalizedPath(), String.valueOf(ctx.failure()));
                        }
                    }
                    answer(ctx, gen.error(code, message, requestId));
                });
        verbs.forEach((verb, op) -> router.post(prefix + verb).handler(ctx -> handle(ctx, gen, limiter, verb, op)));
        router.post(prefix + "*").handler(ctx -> answer(ctx, gen.error(gen.invalidParameter(),
                "unknown API " + ctx.normalizedPath() + "; known: " + String.join(", ", verbs.keySet()), gen.newRequestId())));
    }

    private void handle(RoutingContext ctx, ApiGeneration gen, RateLimiter limiter, String verb, Operation op) {
        String requestId = gen.newRequestId();
        MultiMap query;
        try {
            query = ctx.queryParams();
        } catch (HttpException e) { // a bad percent-encoding: Vert.x cannot decode the query string
            answer(ctx, gen.error(gen.authCode(AuthFailure.INVALID_PARAMETER), "the query string cannot be decoded: percent-encode"
                    + " every parameter value", requestId));
            return;
        }
        long app;
        try {
            app = auth.authenticate(query::get, source(ctx), limiter);
        } catch (AuthFailure f) {
            String claimed = query.get("sdkappid");
            try (LogContext ignored = LogContext.empty()
                    .with(LogContext.SDK_APP_ID, claimed != null && claimed.matches("\\d{1,19}") ? claimed : null)
                    .with(LogContext.REQUEST_ID, requestId)) {
                LOG.info("admin {} refused ({}): {}", verb, f.code(), f.getMessage());
            }
            answer(ctx, gen.error(gen.authCode(f.code()), f.getMessage(), requestId));
            return;
        }
        CompletableFuture<Object> result;
        try {
            result = op.apply(app, body(ctx.body().buffer(), gen));
        } catch (ApiException e) {
            answer(ctx, gen.error(e.code(), e.getMessage(), requestId));
            return;
        }
        Future.fromCompletionStage(result, ctx.vertx().getOrCreateContext()).onComplete(data -> {
            try (LogContext ignored = adminContext(app, requestId)) {
                LOG.info("admin {} for SDKAppID {} by {}: OK", verb, app, query.get("identifier"));
            }
            answer(ctx, gen.ok(requestId, data));
        }, failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof ApiException e) {
                answer(ctx, gen.error(e.code(), e.getMessage(), requestId));
            } else {
                try (LogContext ignored = adminContext(app, requestId)) {
                    LOG.warn("admin {} for SDKAppID {} failed: {}", verb, app, cause.toString());
                }
                answer(ctx, gen.error(ApiException.INTERNAL, "internal error, retry: the configuration could not be stored ("
                        + cause.getClass().getSimpleName() + ")", requestId));
            }
        });
    }

    /** {@code sdkAppId} and {@code requestId} in the MDC: the JSON log line of an admin call names both. */
    private static LogContext adminContext(long app, String requestId) {
        return LogContext.empty().with(LogContext.SDK_APP_ID, app).with(LogContext.REQUEST_ID, requestId);
    }

    /** The caller's address as the connection shows it (a proxy in front: the proxy's). */
    static String source(RoutingContext ctx) {
        var remote = ctx.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    private static JsonObject body(Buffer buffer, ApiGeneration gen) {
        if (buffer == null || buffer.length() == 0 || buffer.toString().isBlank()) {
            return new JsonObject();
        }
        try {
            Object parsed = buffer.toJsonValue();
            if (parsed instanceof JsonObject o) {
                return o;
            }
        } catch (RuntimeException e) {
            throw new ApiException(gen.unparsableBody(), "the request body is not valid JSON");
        }
        throw new ApiException(gen.invalidParameter(), "the request body must be a JSON object");
    }

    private static void answer(RoutingContext ctx, JsonObject json) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(200).putHeader("content-type", "application/json; charset=utf-8").end(json.encode());
        }
    }

    /** The store this API reads and writes. */
    public CallbackConfigStore store() {
        return store;
    }

    @Override
    public void close() {
        blocking.shutdownNow();
        if (ownsStore) {
            store.close();
        }
    }
}

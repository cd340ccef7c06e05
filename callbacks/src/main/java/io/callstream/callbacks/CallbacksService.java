package io.callstream.callbacks;

import io.callstream.callbacks.admin.CallbackAdminApi;
import io.callstream.callbacks.delivery.CallbackDelivery;
import io.callstream.common.telemetry.Telemetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running callbacks service: outbound delivery ({@link CallbackDelivery}: {@code call-events} →
 * subscribers, {@code callback-deliveries-dlq}) and one HTTP server on {@code callbacks.http.host}:
 * {@code callbacks.http.port} (default 8092) with the callback configuration API ({@code /v1/callback/*},
 * {@code /v4/call_config/*}, topic {@code callback-config}; unless {@code callbacks.admin.enabled=false}),
 * {@code GET /health/live}, {@code /health/ready} and {@code /metrics}. {@link #start} blocks until
 * the server listens (call it outside an event loop); {@link #close()} stops delivery, the API and the server.
 */
public final class CallbacksService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbacksService.class);

    private final Vertx vertx;
    private final CallbackDelivery delivery;
    private final CallbackAdminApi admin;
    private final HttpServer server;
    private final Telemetry telemetry;

    private CallbacksService(Vertx vertx, CallbackDelivery delivery, CallbackAdminApi admin, HttpServer server,
                             Telemetry telemetry) {
        this.telemetry = telemetry;
        this.vertx = vertx;
        this.delivery = delivery;
        this.admin = admin;
        this.server = server;
    }

    /** Starts delivery, reads {@code callback-config} to its end for the API, then listens; on failure stops what started. */
    public static CallbacksService start(CallbacksConfig config) {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Telemetry telemetry = Telemetry.bind(metrics, "callbacks");
        Vertx vertx = Vertx.vertx();
        CallbackDelivery delivery = null;
        CallbackAdminApi admin = null;
        try {
            delivery = CallbackDelivery.start(config, metrics);
            admin = config.adminEnabled() ? CallbackAdminApi.create(vertx, config) : null;
            Router router = router(vertx, delivery, admin, metrics);
            HttpServer server = await(vertx.createHttpServer().requestHandler(router)
                    .listen(config.httpPort(), config.httpHost()).toCompletionStage().toCompletableFuture(),
                    "listen on " + config.httpHost() + ":" + config.httpPort());
            LOG.info("callbacks service listening on {}:{} (admin API {})", config.httpHost(), server.actualPort(),
                    admin != null ? "on /v1/callback/* and /v4/call_config/*" : "off");
            return new CallbacksService(vertx, delivery, admin, server, telemetry);
        } catch (RuntimeException e) {
            telemetry.close();
            stop(vertx, delivery, admin);
            throw e;
        }
    }

    private static Router router(Vertx vertx, CallbackDelivery delivery, CallbackAdminApi admin,
                                 PrometheusMeterRegistry metrics) {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        router.get("/health/live").handler(ctx -> json(ctx, 200, "{\"status\":\"UP\"}"));
        String openapi = openapiDocument();
        router.get("/openapi").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml").end(openapi));
        router.get("/health/ready").handler(ctx -> json(ctx, delivery.isRunning() ? 200 : 503,
                delivery.isRunning() ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}"));
        if (admin != null) {
            admin.mount(router);
        }
        return router;
    }

    /** This service's OpenAPI 3.1 document, served at {@code GET /openapi}. */
    static String openapiDocument() {
        try (java.io.InputStream in = CallbacksService.class.getResourceAsStream("/openapi/callbacks.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi/callbacks.yaml missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
    }

    /** The port the server listens on (useful with {@code callbacks.http.port=0}). */
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        LOG.info("stopping callbacks service");
        stop(vertx, delivery, admin);
        telemetry.close();
    }

    private static void stop(Vertx vertx, CallbackDelivery delivery, CallbackAdminApi admin) {
        if (delivery != null) {
            delivery.close();
        }
        if (admin != null) {
            admin.close();
        }
        try {
            await(vertx.close().toCompletionStage().toCompletableFuture(), "close Vert.x");
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot " + what + " within 30 s", e);
        }
    }
}

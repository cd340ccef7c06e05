package io.callstream.callbacks;

import io.callstream.callbacks.admin.CallbackAdminApi;
import io.callstream.callbacks.delivery.CallbackDelivery;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callbacks service: outbound delivery ({@link CallbackDelivery}) plus an HTTP server on
 * {@code callbacks.http.port} (default 8092) with {@code GET /metrics}, {@code /health/live},
 * {@code /health/ready} and, when {@code callbacks.admin.enabled}, the admin API (the same routes the
 * ingest server mounts). Stops cleanly on SIGTERM.
 */
public final class CallbackDeliveryMain {

    static {
        // Kafka clients log every config at INFO; keep the service log readable unless told otherwise.
        for (String quiet : new String[] {"org.apache.kafka", "kafka"}) {
            String key = "org.slf4j.simpleLogger.log." + quiet;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDeliveryMain.class);

    private CallbackDeliveryMain() {
    }

    public static void main(String[] args) throws Exception {
        CallbacksConfig config = CallbacksConfig.load();
        LOG.info("starting callbacks service with {}", config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CallbackDelivery delivery = CallbackDelivery.start(config, registry);
        Vertx vertx = Vertx.vertx();
        CallbackAdminApi admin = config.adminEnabled() ? CallbackAdminApi.create(vertx, config) : null;
        Router router = Router.router(vertx);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
        router.get("/health/live").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
        router.get("/health/ready").handler(ctx -> ctx.response().setStatusCode(delivery.isRunning() ? 200 : 503)
                .end(delivery.isRunning() ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}"));
        if (admin != null) {
            admin.mount(router);
        }
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(config.httpPort())
                .toCompletionStage().toCompletableFuture().get();
        LOG.info("callbacks service listening on port {} (admin API {})", server.actualPort(), admin != null ? "on" : "off");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping callbacks service");
            delivery.close();
            if (admin != null) {
                admin.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().join();
            stopped.countDown();
        }, "callbacks-shutdown"));
        stopped.await();
    }
}

package io.callstream.ingest;

import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.admin.CallbackAdminApi;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.schemas.config.Settings;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ingest: config from built-in defaults, the file named by {@code CALLSTREAM_CONFIG} and
 * {@code CALLSTREAM_*} environment variables; graceful shutdown on SIGTERM/Ctrl-C. Unless
 * {@code callbacks.admin.enabled=false}, the callback-configuration admin API
 * ({@code /v1/callback/*}, {@code /v4/call_config/*}, topic {@code callback-config}) is served on the
 * same port.
 */
public final class IngestMain {

    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    private IngestMain() {
    }

    /** Ingest's keys and the callbacks admin API's keys; ingest's defaults win where both have one. */
    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>(CallbacksConfig.defaults());
        defaults.putAll(IngestConfig.DEFAULTS);
        return defaults;
    }

    public static void main(String[] args) {
        IngestConfig config;
        CallbacksConfig callbacks;
        try {
            Settings settings = Settings.load(defaults());
            config = IngestConfig.from(settings);
            callbacks = CallbacksConfig.from(settings);
        } catch (IllegalArgumentException e) {
            LOG.error("invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("starting ingest with {}", config);
        Vertx vertx = Vertx.vertx();
        CallbackAdminApi admin = null;
        IngestServer server;
        try {
            IngestServer.Builder builder = IngestServer.builder(config).vertx(vertx);
            if (callbacks.adminEnabled()) {
                admin = CallbackAdminApi.create(vertx, callbacks);
                builder.mount(admin::mount);
            }
            server = builder.start();
        } catch (RuntimeException e) {
            LOG.error("ingest could not start: {}", e.getMessage());
            if (admin != null) {
                admin.close();
            }
            vertx.close();
            System.exit(1);
            return;
        }
        LOG.info("callback configuration API {}", admin != null ? "on /v1/callback/* and /v4/call_config/*" : "off");
        CallbackAdminApi adminApi = admin;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (adminApi != null) {
                adminApi.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }, "callstream-ingest-shutdown"));
    }
}

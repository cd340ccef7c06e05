package io.callstream.ingest;

import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.admin.CallbackAdminApi;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.schemas.config.Settings;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    /** A running ingest as this main wires it: the server and, when enabled, the admin API on it. */
    record Running(IngestServer server, CallbackAdminApi admin) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            if (admin != null) {
                admin.close();
            }
        }
    }

    /** Ingest's keys and the callbacks admin API's keys; ingest's defaults win where both have one. */
    static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>(CallbacksConfig.defaults());
        defaults.putAll(IngestConfig.DEFAULTS);
        return defaults;
    }

    /** Starts ingest (and the admin API unless disabled) on {@code vertx}, which the caller closes. */
    static Running start(Settings settings, Vertx vertx) {
        IngestConfig config = IngestConfig.from(settings);
        CallbacksConfig callbacks = CallbacksConfig.from(settings);
        LOG.info("starting ingest with {}", config);
        CallbackAdminApi admin = callbacks.adminEnabled() ? CallbackAdminApi.create(vertx, callbacks) : null;
        try {
            IngestServer.Builder builder = IngestServer.builder(config).vertx(vertx);
            if (admin != null) {
                builder.mount(admin::mount);
            }
            IngestServer server = builder.start();
            LOG.info("callback configuration API {}", admin != null ? "on /v1/callback/* and /v4/call_config/*" : "off");
            return new Running(server, admin);
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close();
            }
            throw e;
        }
    }

    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx();
        Running running;
        try {
            running = start(Settings.load(defaults()), vertx);
        } catch (IllegalArgumentException e) {
            LOG.error("invalid configuration: {}", e.getMessage());
            vertx.close();
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LOG.error("ingest could not start: {}", e.getMessage());
            vertx.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            // Bounded: with ingest.shutdown.timeout (10 s) the whole shutdown stays within Kubernetes' 30 s.
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }, "callstream-ingest-shutdown"));
    }
}

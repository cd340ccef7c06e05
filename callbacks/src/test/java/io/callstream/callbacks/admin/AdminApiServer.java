package io.callstream.callbacks.admin;

import static io.callstream.callbacks.admin.AdminClient.ADMIN;
import static io.callstream.callbacks.admin.AdminClient.APP;
import static io.callstream.callbacks.admin.AdminClient.KEY;

import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.store.InMemoryCallbackConfigStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The admin API over real HTTP on loopback, on an in-memory store and a clock the test moves; apps
 * {@link AdminClient#APP} (key {@link AdminClient#KEY}) and 1400000002 (another key), administrator
 * {@code administrator}, request bodies up to 2048 bytes.
 */
final class AdminApiServer implements AutoCloseable {

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Vertx vertx = Vertx.vertx();
    final InMemoryCallbackConfigStore store = new InMemoryCallbackConfigStore();
    final MovableClock clock;
    final HttpServer server;

    AdminApiServer(Instant now) throws Exception {
        clock = new MovableClock(now);
        CallbacksConfig config = CallbacksConfig.of(Map.of(
                "callbacks.admins", APP + ":" + ADMIN + ",1400000002:administrator",
                "callbacks.secret.keys", APP + ":" + KEY + ",1400000002:other-key",
                "callbacks.max.body.bytes", "2048"));
        CallbackAdminApi api = CallbackAdminApi.create(vertx, config, store, clock);
        Router router = Router.router(vertx);
        api.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}

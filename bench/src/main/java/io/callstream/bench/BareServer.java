package io.callstream.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The HTTP ceiling: the same route as ingest ({@code POST /callbacks/callkit}, 64 KiB body limit,
 * JSON parse of the body) answering 200 without Kafka. Usage: {@code BareServer <port>}.
 */
public final class BareServer extends VerticleBase {

    private static final String OK = "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}";
    private final int port;

    BareServer(int port) {
        this.port = port;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health/ready").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
        router.post("/callbacks/callkit").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.post("/callbacks/callkit").handler(ctx -> {
            ctx.body().asJsonObject();
            ctx.response().putHeader("content-type", "application/json").end(OK);
        });
        return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new BareServer(port),
                new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .toCompletionStage().toCompletableFuture().get();
        System.out.println("READY " + port);
    }
}

package io.callstream.ingest.http;

import io.callstream.ingest.config.IngestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ingest's HTTP servers: one per {@code http.instances}, each a verticle instance on its own
 * event-loop context, all on the same port (Vert.x shares one socket among servers of the same host
 * and port and spreads connections across them). With port 0 one free port is picked first, so that
 * all of them share it.
 */
public final class HttpListeners {

    private final Vertx vertx;
    private final List<HttpServer> servers;
    private final String deploymentId;

    private HttpListeners(Vertx vertx, List<HttpServer> servers, String deploymentId) {
        this.vertx = vertx;
        this.servers = List.copyOf(servers);
        this.deploymentId = deploymentId;
    }

    /** Listens with every instance; fails with the address when it cannot. */
    public static HttpListeners start(Vertx vertx, Router router, IngestConfig config) {
        int port = config.httpPort() != 0 || config.httpInstances() == 1 ? config.httpPort() : freePort(config);
        HttpServerOptions options = new HttpServerOptions().setHost(config.httpHost()).setPort(port)
                .setHandle100ContinueAutomatically(false)
                .setIdleTimeout((int) config.httpIdleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
        List<HttpServer> servers = new ArrayList<>();
        try {
            String id = vertx.deployVerticle(() -> new VerticleBase() {
                @Override
                public Future<?> start() {
                    return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> {
                        synchronized (servers) {
                            servers.add(s);
                        }
                    });
                }
            }, new DeploymentOptions().setInstances(config.httpInstances()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new HttpListeners(vertx, servers, id);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot listen on " + config.httpHost() + ":" + config.httpPort()
                    + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the HTTP servers", e);
        }
    }

    /** The port every server listens on. */
    public int port() {
        return servers.get(0).actualPort();
    }

    public int size() {
        return servers.size();
    }

    /** Stops accepting and lets in-flight requests finish, within the timeout. */
    public Future<?> shutdown(Duration timeout) {
        return Future.all(servers.stream().map(s -> s.shutdown(timeout)).toList());
    }

    /** Removes the server verticles (for a Vert.x instance that outlives ingest). */
    public Future<Void> undeploy() {
        return vertx.undeploy(deploymentId);
    }

    private static int freePort(IngestConfig config) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(config.httpHost()))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on " + config.httpHost() + ": " + e.getMessage(), e);
        }
    }
}

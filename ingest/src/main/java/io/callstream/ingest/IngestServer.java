package io.callstream.ingest;

import io.callstream.avro.CallEvent;
import io.callstream.avro.DeadLetter;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.ingest.http.CallbackHandler;
import io.callstream.ingest.error.ErrorCode;
import io.callstream.ingest.http.HttpListeners;
import io.callstream.ingest.http.Replies;
import io.callstream.ingest.kafka.AdminProbe;
import io.callstream.ingest.kafka.EventPublisher;
import io.callstream.ingest.kafka.Readiness;
import io.callstream.ingest.kafka.RegistryProbe;
import io.callstream.ingest.kafka.ValueEncoder;
import io.callstream.ingest.mapping.WebhookMapper;
import io.callstream.ingest.metrics.IngestMetrics;
import io.callstream.schemas.Topics;
import io.callstream.schemas.registry.SchemaRegistryClient;
import io.callstream.schemas.registry.SchemaRegistryClients;
import io.callstream.schemas.serde.AvroSerdeConfig;
import io.callstream.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ingest: the Vert.x HTTP server ({@code POST /callbacks/callkit}, {@code /health/live},
 * {@code /health/ready}, {@code /metrics}), one shared idempotent
 * producer writing {@code call-events} and {@code call-events-dlq}, and the readiness probe.
 * {@link #start(IngestConfig)} blocks until the server listens; {@link #close()} shuts down
 * gracefully (stop accepting, finish in-flight requests, flush, close). Not for the event loop.
 */
public final class IngestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

    private final IngestConfig config;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpListeners listeners;
    private final EventPublisher publisher;
    private final Readiness readiness;
    private final IngestMetrics metrics;
    private final List<AutoCloseable> resources;
    private boolean closed;

    private IngestServer(Builder b, Vertx vertx, HttpListeners listeners, EventPublisher publisher,
                         Readiness readiness, IngestMetrics metrics, List<AutoCloseable> resources) {
        this.config = b.config;
        this.vertx = vertx;
        this.ownsVertx = b.vertx == null;
        this.listeners = listeners;
        this.publisher = publisher;
        this.readiness = readiness;
        this.metrics = metrics;
        this.resources = resources;
    }

    /** Starts ingest with a real producer and registry client; returns once it listens. */
    public static IngestServer start(IngestConfig config) {
        return builder(config).start();
    }

    public static Builder builder(IngestConfig config) {
        return new Builder(config);
    }

    /** The port the server actually listens on (useful with {@code http.port=0}). */
    public int port() {
        return listeners.port();
    }

    /** What {@code /health/ready} answers. */
    public boolean ready() {
        return readiness.ready();
    }

    /**
     * Graceful shutdown within {@code ingest.shutdown.timeout} in all (one deadline shared by every
     * step, so that a platform's grace period, 30 s on Kubernetes, is never exceeded): not ready any
     * more, stop accepting and let in-flight requests finish, drain the sender and flush the
     * producer, close the rest. A step that runs out of time is cut short and logged.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        long deadline = t0 + config.shutdownTimeout().toNanos();
        LOG.info("ingest shutting down within {}: no new connections, finishing {} in-flight request(s)",
                config.shutdownTimeout(), metrics.inFlight().get());
        readiness.closing();
        try {
            await(listeners.shutdown(remaining(deadline)), remaining(deadline));
        } catch (RuntimeException e) {
            LOG.warn("HTTP server shutdown: {}", e.getMessage());
        }
        if (!ownsVertx) {
            listeners.undeploy();
        }
        while (metrics.inFlight().get() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        publisher.close(remaining(deadline));
        readiness.close();
        resources.forEach(IngestServer::closeQuietly);
        metrics.close();
        if (ownsVertx) {
            try {
                await(vertx.close(), remaining(deadline));
            } catch (RuntimeException e) {
                LOG.warn("Vert.x close: {}", e.getMessage());
            }
        }
        LOG.info("ingest stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** What is left of the shutdown deadline (zero when it passed). */
    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("closing {}: {}", resource, e.toString());
        }
    }

    private static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeout, e);
        }
    }

    /** Builds an ingest; tests replace the producer, the clock, the Kafka probe or the Vert.x instance. */
    public static final class Builder {

        private final IngestConfig config;
        private Vertx vertx;
        private Producer<String, byte[]> producer;
        private Clock clock = Clock.systemUTC();
        private BooleanSupplier kafkaProbe;

        private Builder(IngestConfig config) {
            this.config = config;
        }

        /** Runs on this Vert.x instance (not closed by {@link IngestServer#close()}). */
        public Builder vertx(Vertx vertx) {
            this.vertx = vertx;
            return this;
        }

        /** Uses this producer (e.g. Kafka's MockProducer); it is closed by {@link IngestServer#close()}. */
        public Builder producer(Producer<String, byte[]> producer) {
            this.producer = producer;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Kafka reachability for readiness; default an Admin client (always true with a given producer). */
        public Builder kafkaProbe(BooleanSupplier probe) {
            this.kafkaProbe = probe;
            return this;
        }

        public IngestServer start() {
            List<AutoCloseable> resources = new ArrayList<>();
            IngestMetrics metrics = new IngestMetrics();
            SchemaRegistryClient registry = SchemaRegistryClients.create(config.serde());
            resources.add(registry);
            AvroSerdeConfig serde = AvroSerdeConfig.from(config.serde());
            ValueEncoder<CallEvent> events = ValueEncoder.callEvents(new AvroSerializer<>(registry, serde, false),
                    config.eventsTopic());
            ValueEncoder<DeadLetter> deadLetters = ValueEncoder.deadLetters(new AvroSerializer<>(registry, serde, false),
                    config.dlqTopic());
            Producer<String, byte[]> p = producer != null ? producer
                    : new KafkaProducer<>(Map.copyOf(config.producer()), new StringSerializer(), new ByteArraySerializer());
            EventPublisher publisher = new EventPublisher(p);
            if (producer == null) {
                KafkaClientMetrics producerMetrics = new KafkaClientMetrics(p);
                producerMetrics.bindTo(metrics.registry());
                resources.add(producerMetrics);
            }
            BooleanSupplier probe = kafkaProbe;
            if (probe == null && producer != null) {
                probe = () -> true;
            } else if (probe == null) {
                AdminProbe admin = new AdminProbe(config.producer(), Duration.ofSeconds(2));
                resources.add(admin);
                probe = admin;
            }
            RegistryProbe registryProbe = new RegistryProbe(config.serde(), Topics.valueSubject(config.eventsTopic()),
                    Duration.ofSeconds(2));
            resources.add(registryProbe);
            Readiness readiness = new Readiness(probe, registryProbe, List.of(events, deadLetters));
            readiness.start(config.healthInterval(), Duration.ofSeconds(5));
            metrics.reachability(readiness::kafkaUp, readiness::registryUp);
            Vertx vx = vertx != null ? vertx : Vertx.vertx();
            Router router = router(vx, new CallbackHandler(config, new WebhookMapper(clock, config.maxFutureSkew()), events,
                    deadLetters, publisher, metrics, clock), readiness, metrics);
            HttpListeners listeners;
            try {
                listeners = HttpListeners.start(vx, router, config);
            } catch (RuntimeException e) {
                readiness.close();
                publisher.close(Duration.ofSeconds(1));
                resources.forEach(IngestServer::closeQuietly);
                metrics.close();
                if (vertx == null) {
                    vx.close();
                }
                throw e;
            }
            LOG.info("ingest listening on {}:{} (POST {}, {} event loop(s)), ready={}", config.httpHost(),
                    listeners.port(), CallbackHandler.PATH, listeners.size(), readiness.ready());
            return new IngestServer(this, vx, listeners, publisher, readiness, metrics, resources);
        }

        private static Router router(Vertx vertx, CallbackHandler callbacks, Readiness readiness, IngestMetrics metrics) {
            Router router = Router.router(vertx);
            router.post(CallbackHandler.PATH).handler(callbacks);
            router.get("/health/live").handler(rc -> status(rc, 200, new JsonObject().put("status", "UP")));
            router.get("/health/ready").handler(rc -> status(rc, readiness.ready() ? 200 : 503, new JsonObject()
                    .put("status", readiness.ready() ? "UP" : "DOWN")
                    .put("kafka", readiness.kafkaUp() ? "UP" : "DOWN")
                    .put("registry", readiness.registryUp() ? "UP" : "DOWN")));
            router.get("/metrics").handler(rc -> rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
            String openapi = openapiDocument();
            router.get("/openapi").handler(rc -> rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(openapi));
            router.errorHandler(404, rc -> Replies.error(rc.response(), ErrorCode.NOT_FOUND,
                    "no such endpoint: " + rc.request().method() + " " + rc.request().path(), 0));
            router.errorHandler(405, rc -> Replies.error(rc.response(), ErrorCode.METHOD_NOT_ALLOWED,
                    "method " + rc.request().method() + " not allowed on " + rc.request().path(), 0));
            router.errorHandler(500, rc -> {
                LOG.error("unexpected failure on {} {}", rc.request().method(), rc.request().path(), rc.failure());
                Replies.error(rc.response(), ErrorCode.INTERNAL, "internal error", 0);
            });
            return router;
        }

        /** This service's OpenAPI 3.1 document, served at {@code GET /openapi}. */
        static String openapiDocument() {
            try (java.io.InputStream in = IngestServer.class.getResourceAsStream("/openapi/ingest.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("openapi/ingest.yaml missing from the jar");
                }
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static void status(RoutingContext rc, int status, JsonObject body) {
            rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(body.encode());
        }
    }
}

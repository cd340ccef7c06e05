package io.callstream.deploy.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse of {@code deploy/local.sh --warehouse}: a real PostgreSQL server (testkit's
 * {@link EmbeddedPostgres}, run as an unprivileged user, data in {@code <data>/warehouse}) and a real
 * Kafka Connect worker (Apache Kafka's {@code ConnectDistributed}, distributed mode, one worker) as a
 * child JVM on its own classpath (connect-runtime, the Debezium JDBC sink, our converter), to which it
 * PUTs the three connector files of {@code deploy/connect/} with the local addresses and topic names:
 * call-summaries → {@code call_summaries}, missed-call-alerts → {@code missed_call_alerts},
 * call-participants → {@code call_participants}. The worker keeps its state in topics
 * {@code callstream-connect-*} on the stack's broker, so a restart resumes where it stopped.
 */
public final class LocalWarehouse implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalWarehouse.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    static final String WORKER_MAIN = "org.apache.kafka.connect.cli.ConnectDistributed";
    /** The connector files of {@code connect.connectors.dir} it configures. */
    static final List<String> CONNECTOR_FILES = List.of("call-summaries-jdbc.json", "missed-call-alerts-jdbc.json",
            "call-participants-jdbc.json");

    private final StackConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedPostgres postgres;
    private ChildProcess worker;
    private boolean closed;

    public LocalWarehouse(StackConfig config) {
        this.config = config;
    }

    /** Starts the database, then the worker, then (re)configures the three connectors and waits until they run. */
    public void start() {
        StackConfig.Warehouse w = config.warehouse();
        if (w.classpath().isBlank()) {
            throw new IllegalStateException("connect.classpath is empty: the Connect worker needs its classpath"
                    + " (deploy/local.sh --warehouse sets CALLSTREAM_CONNECT_CLASSPATH)");
        }
        for (String file : CONNECTOR_FILES) {
            if (!Files.isRegularFile(w.connectorsDir().resolve(file))) {
                throw new IllegalStateException("connector file " + w.connectorsDir().resolve(file) + " not found"
                        + " (CALLSTREAM_CONNECT_CONNECTORS_DIR)");
            }
        }
        EmbeddedPostgres db = EmbeddedPostgres.at(config.dataDir().resolve("warehouse"), w.postgresPort());
        synchronized (this) {
            ensureOpen();
            postgres = db;
        }
        db.start();
        LOG.info("warehouse database ready at {}", config.warehouseJdbcUrl());
        Path props = writeWorkerProperties();
        List<String> jvm = List.of("-Xmx" + w.connectHeap(), "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common=warn",
                "-Dorg.slf4j.simpleLogger.log.org.hibernate=warn",
                "-Dorg.slf4j.simpleLogger.log.org.reflections=warn");
        List<String> command = ChildProcess.javaCommand(Path.of(System.getProperty("java.home")), jvm, w.classpath(),
                WORKER_MAIN, List.of(props.toString()));
        ChildProcess child;
        synchronized (this) {
            ensureOpen();
            child = ChildProcess.start("connect", command, null, Map.of(), config.logDir().resolve("connect.log"), true);
            worker = child;
        }
        child.awaitHttp(config.connectUrl() + "/connectors", READY_TIMEOUT);
        LOG.info("Connect worker ready at {}", config.connectUrl());
        for (String file : CONNECTOR_FILES) {
            String name = putConnector(w.connectorsDir().resolve(file));
            awaitRunning(name, READY_TIMEOUT);
            LOG.info("connector {} running", name);
        }
    }

    /** The worker's config: one distributed worker on the stack's broker, REST on loopback. */
    private Path writeWorkerProperties() {
        Properties p = new Properties();
        p.putAll(config.kafkaClientProperties());
        p.put("bootstrap.servers", config.bootstrapServers());
        p.put("group.id", "callstream-connect");
        p.put("config.storage.topic", "callstream-connect-configs");
        p.put("offset.storage.topic", "callstream-connect-offsets");
        p.put("status.storage.topic", "callstream-connect-status");
        // -1: the broker's default.replication.factor (one on the embedded broker)
        p.put("config.storage.replication.factor", "-1");
        p.put("offset.storage.replication.factor", "-1");
        p.put("status.storage.replication.factor", "-1");
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("offset.flush.interval.ms", "1000");
        p.put("listeners", "http://127.0.0.1:" + config.warehouse().connectPort());
        p.put("rest.advertised.host.name", "127.0.0.1");
        Path file = config.dataDir().resolve("connect").resolve("worker.properties");
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "written by deploy/local.sh --warehouse on every start");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * PUTs a connector file's config to {@code /connectors/<name>/config} (creates or updates it) with this
     * stack's registry, database and topic; returns the connector's name.
     */
    String putConnector(Path file) {
        try {
            ObjectNode connector = (ObjectNode) JSON.readTree(Files.readString(file));
            String name = connector.get("name").asText();
            ObjectNode body = (ObjectNode) connector.get("config");
            connectorOverrides(body.get("topics").asText()).forEach(body::put);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(config.connectUrl()
                            + "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/config"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 && answer.statusCode() != 201) {
                throw new IllegalStateException("PUT connector " + name + " from " + file + ": " + answer.statusCode()
                        + " " + answer.body());
            }
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure the connector of " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring " + file, e);
        }
    }

    /** The keys a shipped connector file gets changed here: addresses, and the stack's name of its topic. */
    Map<String, String> connectorOverrides(String shippedTopic) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("topics", switch (shippedTopic) {
            case "call-summaries" -> config.topicCallSummaries();
            case "missed-call-alerts" -> config.topicMissedCallAlerts();
            case "call-participants" -> config.topicCallParticipants();
            default -> shippedTopic;
        });
        o.put("value.converter.schema.registry.url", config.registryUrl());
        o.put("connection.url", config.warehouseJdbcUrl());
        return o;
    }

    private void awaitRunning(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = status(name);
            JsonNode tasks = status.path("tasks");
            if (tasks.toString().contains("FAILED") || "FAILED".equals(status.path("connector").path("state").asText())) {
                throw new IllegalStateException("connector " + name + " failed: " + status.toPrettyString());
            }
            if ("RUNNING".equals(status.path("connector").path("state").asText()) && tasks.size() > 0
                    && "RUNNING".equals(tasks.get(0).path("state").asText())) {
                return;
            }
            ChildProcess w = worker();
            if (w == null || !w.isAlive()) {
                throw new IllegalStateException("the Connect worker exited"
                        + (w == null ? "" : "; last lines of " + w.logFile() + ":\n" + w.logTail(30)));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for connector " + name, e);
            }
        }
        throw new IllegalStateException("connector " + name + " not running within " + timeout + ": " + status);
    }

    /** GET /connectors/{name}/status; an empty object while the worker does not know it yet. */
    private JsonNode status(String name) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(config.connectUrl()
                    + "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/status"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the status of " + name, e);
        }
    }

    private synchronized ChildProcess worker() {
        return worker;
    }

    /** A Ctrl-C during startup closes the warehouse; the startup then stops at the next step. */
    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the stack is stopping");
        }
    }

    /** The worker or the database if it died on its own. */
    public synchronized Optional<ChildProcess> deadChild() {
        if (worker != null && !worker.isAlive()) {
            return Optional.of(worker);
        }
        ChildProcess db = postgres == null ? null : postgres.process();
        return db != null && !db.isAlive() ? Optional.of(db) : Optional.empty();
    }

    /** Stops the worker (it commits its offsets), then the database. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (worker != null) {
            worker.stop(STOP_GRACE);
            worker = null;
        }
        if (postgres != null) {
            postgres.stop();
            postgres = null;
            LOG.info("warehouse database stopped");
        }
    }
}

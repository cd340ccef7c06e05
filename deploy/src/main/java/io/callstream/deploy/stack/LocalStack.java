package io.callstream.deploy.stack;

import io.callstream.common.logging.LogFormat;
import io.callstream.schemas.config.Settings;
import io.callstream.testkit.ApicurioRegistry;
import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.EmbeddedKafkaBroker;
import io.callstream.testkit.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack: a real Apache Kafka broker (KRaft, in this JVM, data in {@code <data>/kafka}), a
 * real schema registry (Apicurio Registry process, H2 file storage in {@code <data>/registry}, so
 * schema ids survive restarts), the topics, and the services (ingest, processor, callbacks) as child
 * JVMs. Either the broker or the registry is replaced by an existing one when its address is
 * configured. {@link #close()} stops everything in reverse order. Topics: creates call-events,
 * call-events-dlq, call-summaries, missed-call-alerts, call-participants (names configurable), keeping
 * existing ones.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** Services stop together within this (then SIGKILL), the registry within REGISTRY_GRACE, then the broker: under 10 s. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration REGISTRY_GRACE = Duration.ofSeconds(2);

    private final StackConfig config;
    private final String classpath;
    private final List<String> services;
    private EmbeddedKafkaBroker broker;
    private ApicurioRegistry registry;
    private final List<ChildProcess> children = new ArrayList<>();
    private LocalWarehouse warehouse;
    private final Map<String, String> serviceEnvironment = new HashMap<>();
    private volatile boolean closed;

    /**
     * @param config    the stack configuration
     * @param classpath the classpath of the child JVMs (normally this JVM's)
     * @param services  which services to run as children: "ingest", "processor", "callbacks" (empty:
     *                  broker and registry only)
     */
    public LocalStack(StackConfig config, String classpath, List<String> services) {
        this.config = config;
        this.classpath = classpath;
        this.services = List.copyOf(services);
    }

    /** Starts every part and waits until each is ready; on failure, stops what was started and rethrows. */
    public LocalStack start() {
        try {
            Files.createDirectories(config.logDir());
            requireFreePorts();
            if (config.embeddedKafka()) {
                EmbeddedKafkaBroker b = new EmbeddedKafkaBroker(config.dataDir().resolve("kafka"), config.kafkaPort(),
                        config.kafkaControllerPort(), Map.of());
                synchronized (this) {
                    ensureOpen();
                    broker = b;
                }
                b.start();
            }
            if (config.embeddedRegistry()) {
                warnIfRegistryNotPersistent();
                ApicurioRegistry r = new ApicurioRegistry(config.registryPort(), registryProperties(config.dataDir()),
                        config.logDir().resolve("registry.log"));
                synchronized (this) {
                    ensureOpen();
                    registry = r;
                }
                r.start();
            }
            createTopics();
            for (String service : services) {
                startService(service);
            }
            for (ChildProcess child : List.copyOf(children)) {
                ensureOpen();
                child.awaitHttp(readyUrl(child.name()), READY_TIMEOUT);
                LOG.info("{} ready", child.name());
            }
            if (config.warehouse().enabled()) {
                LocalWarehouse w = new LocalWarehouse(config);
                synchronized (this) {
                    ensureOpen();
                    warehouse = w;
                }
                w.start();
            }
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Fails with the variable to change when a port this stack would listen on is taken (e.g. a second stack). */
    private void requireFreePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (config.embeddedKafka()) {
            ports.put("CALLSTREAM_KAFKA_PORT", config.kafkaPort());
            ports.put("CALLSTREAM_KAFKA_CONTROLLER_PORT", config.kafkaControllerPort());
        }
        if (config.embeddedRegistry()) {
            ports.put("CALLSTREAM_REGISTRY_PORT", config.registryPort());
        }
        if (services.contains("ingest")) {
            ports.put("CALLSTREAM_HTTP_PORT", config.httpPort());
        }
        if (services.contains("processor")) {
            ports.put("CALLSTREAM_PROCESSOR_PORT", config.processorPort());
        }
        if (services.contains("callbacks")) {
            ports.put("CALLSTREAM_CALLBACKS_HTTP_PORT", config.callbacksPort());
        }
        if (config.warehouse().enabled()) {
            ports.put("CALLSTREAM_WAREHOUSE_PORT", config.warehouse().postgresPort());
            ports.put("CALLSTREAM_CONNECT_PORT", config.warehouse().connectPort());
        }
        ports.forEach((variable, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(config.host()), port));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " is in use (is another stack running?); "
                        + "choose another with " + variable);
            }
        });
    }

    /** Apicurio 3.x SQL storage on an H2 file under {@code dataDir/registry}: schemas and ids survive restarts. */
    static Map<String, String> registryProperties(Path dataDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("apicurio.storage.kind", "sql");
        p.put("apicurio.storage.sql.kind", "h2");
        p.put("apicurio.datasource.url", "jdbc:h2:file:" + dataDir.resolve("registry").resolve("db"));
        p.put("apicurio.datasource.username", "sa");
        p.put("apicurio.datasource.password", "sa");
        p.put("apicurio.datasource.jdbc.initial-size", "2");
        p.put("apicurio.datasource.jdbc.min-size", "2");
        p.put("apicurio.datasource.jdbc.max-size", "20");
        return p;
    }

    private static void warnIfRegistryNotPersistent() {
        if (!ApicurioRegistry.modernJavaAvailable()) {
            LOG.warn("No Java 21+ found (set CALLSTREAM_JAVA21_HOME): the registry falls back to Apicurio {}"
                    + " with in-memory storage, so schema ids do not survive a restart", ApicurioRegistry.LEGACY_VERSION);
        }
    }

    /** Missing topics, through testkit's KafkaTopics: the cluster's replication factor, min.insync.replicas = min(2, it). */
    private void createTopics() {
        KafkaTopics.create(config.kafkaClient(), config.partitions(), Map.of(), config.topics());
    }

    /** A Ctrl-C during startup closes the stack; the startup then stops at the next step. */
    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the stack is stopping");
        }
    }

    private ChildProcess startService(String service) {
        return startService(service, service, Map.of());
    }

    /**
     * Starts {@code service} as a child named {@code instance} (its log {@code <instance>.log}), with
     * {@code overrides} added to its environment (e.g. another port and state folder for a second
     * processor instance).
     */
    private ChildProcess startService(String service, String instance, Map<String, String> overrides) {
        Map<String, String> env = childEnvironment(System.getenv());
        env.putAll(serviceEnvironment);
        String mainClass;
        switch (service) {
            case "ingest" -> {
                mainClass = config.ingestMainClass();
                env.put("CALLSTREAM_HTTP_PORT", String.valueOf(config.httpPort()));
            }
            case "processor" -> {
                mainClass = config.processorMainClass();
                env.put("CALLSTREAM_PROCESSOR_PORT", String.valueOf(config.processorPort()));
                env.put("CALLSTREAM_STATE_DIR", config.dataDir().resolve(instance).toString());
                env.put("CALLSTREAM_APPLICATION_ID", config.applicationId());
            }
            case "callbacks" -> {
                mainClass = config.callbacksMainClass();
                env.put("CALLSTREAM_CALLBACKS_HTTP_PORT", String.valueOf(config.callbacksPort()));
            }
            default -> throw new IllegalArgumentException("unknown service '" + service
                    + "' (CALLSTREAM_SERVICES takes ingest, processor, callbacks)");
        }
        env.putAll(overrides);
        requireClass(mainClass, service);
        List<String> jvm = List.of("-Xmx" + config.childHeap(), "-XX:+UseSerialGC");
        // Watched: the service exits when this launcher dies, even by SIGKILL (ParentWatch).
        List<String> command = ChildProcess.watchedJavaCommand(Path.of(System.getProperty("java.home")), jvm, classpath,
                mainClass, List.of());
        synchronized (this) {
            ensureOpen();
            // Own session: a Ctrl-C in the terminal reaches only the launcher, which stops the services
            // in order (services before the broker they flush to).
            ChildProcess child = ChildProcess.start(instance, command, null, env,
                    config.logDir().resolve(instance + ".log"), true);
            children.add(child);
            return child;
        }
    }

    /** The parent's environment minus the launcher-only keys, plus the addresses every service needs. */
    public Map<String, String> childEnvironment(Map<String, String> parent) {
        Map<String, String> env = new HashMap<>(parent);
        // Settings would turn these unknown CALLSTREAM_KAFKA_* names into Kafka client properties.
        env.remove("CALLSTREAM_KAFKA_PORT");
        env.remove("CALLSTREAM_KAFKA_CONTROLLER_PORT");
        env.remove("CALLSTREAM_REGISTRY_PORT");
        env.remove("CALLSTREAM_SERVICES");
        env.remove("CALLSTREAM_CONNECT_CLASSPATH");
        env.put("CALLSTREAM_HTTP_HOST", config.host());
        env.put("CALLSTREAM_PROCESSOR_HOST", config.host());
        env.put("CALLSTREAM_CALLBACKS_HTTP_HOST", config.host());
        env.put("CALLSTREAM_CALLBACKS_SECRET_KEYS", config.callbacksAccounts().secretKeysSetting());
        env.put("CALLSTREAM_CALLBACKS_ADMINS", config.callbacksAccounts().adminsSetting());
        // the stack's own ingest is no callback address: a delivery there would come back in, forever
        env.putIfAbsent("CALLSTREAM_CALLBACKS_OWN_HOSTS", "127.0.0.1:" + config.httpPort() + ",localhost:"
                + config.httpPort() + ("0.0.0.0".equals(config.host()) || "127.0.0.1".equals(config.host()) ? ""
                : "," + config.host() + ":" + config.httpPort()));
        // the processor's call-records API authenticates the same administrators with the same keys
        env.put("CALLSTREAM_RECORDS_SECRET_KEYS", config.callbacksAccounts().secretKeysSetting());
        env.put("CALLSTREAM_RECORDS_ADMINS", config.callbacksAccounts().adminsSetting());
        env.put("CALLSTREAM_RECORDS_ADVERTISED_HOST", "0.0.0.0".equals(config.host()) ? "127.0.0.1" : config.host());
        env.put(Settings.envName(LogFormat.KEY), config.logFormat().name().toLowerCase(Locale.ROOT));
        env.put("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers());
        env.put("CALLSTREAM_SCHEMA_REGISTRY_URL", config.registryUrl());
        env.put("CALLSTREAM_SDKAPPIDS", String.join(",", config.sdkAppIds()));
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS", config.topicCallEvents());
        env.put("CALLSTREAM_TOPIC_CALL_EVENTS_DLQ", config.topicCallEventsDlq());
        env.put("CALLSTREAM_TOPIC_CALL_SUMMARIES", config.topicCallSummaries());
        env.put("CALLSTREAM_TOPIC_MISSED_CALL_ALERTS", config.topicMissedCallAlerts());
        env.put("CALLSTREAM_TOPIC_CALL_PARTICIPANTS", config.topicCallParticipants());
        return env;
    }

    private String readyUrl(String service) {
        String base = switch (service) {
            case "ingest" -> config.ingestUrl();
            case "callbacks" -> config.callbacksUrl();
            default -> config.processorUrl();
        };
        return base + "/health/ready";
    }

    // ---- fault injection (the reliability suite): parts stopped, killed and started again ----

    /**
     * Environment added to every service started from now on (before {@link #start()}: to all of
     * them), e.g. {@code CALLSTREAM_SESSION_SETTLE_DELAY}; the launcher's own keys still win.
     */
    public synchronized LocalStack serviceEnvironment(Map<String, String> env) {
        serviceEnvironment.putAll(env);
        return this;
    }

    /** The running child named {@code instance} (a service's name, or a second instance's). */
    public synchronized Optional<ChildProcess> child(String instance) {
        return children.stream().filter(c -> c.name().equals(instance)).findFirst();
    }

    /** SIGTERM to the child, then SIGKILL after {@code grace}; it is forgotten (not restarted). */
    public void stopChild(String instance, Duration grace) {
        child(instance).ifPresent(c -> {
            c.stop(grace);
            synchronized (this) {
                children.remove(c);
            }
        });
    }

    /** SIGKILL to the child (no shutdown hook runs); it is forgotten (not restarted). */
    public void killChild(String instance) {
        child(instance).ifPresent(c -> {
            c.kill();
            synchronized (this) {
                children.remove(c);
            }
        });
    }

    /**
     * Starts {@code service} again (after {@link #stopChild} or {@link #killChild}) as the child
     * {@code instance}, with {@code overrides} in its environment, and waits until {@code readyUrl}
     * answers 200 (null: the service's usual health URL).
     */
    public ChildProcess startChild(String service, String instance, Map<String, String> overrides, String readyUrl) {
        ChildProcess c = startService(service, instance, overrides);
        c.awaitHttp(readyUrl != null ? readyUrl : readyUrl(service), READY_TIMEOUT);
        LOG.info("{} ready", instance);
        return c;
    }

    /** Stops the embedded broker (a clean shutdown) and starts it again on the same data and ports. */
    public void restartBroker() {
        EmbeddedKafkaBroker b;
        synchronized (this) {
            b = broker;
        }
        if (b == null) {
            throw new IllegalStateException("no embedded broker to restart");
        }
        b.stop();
        b.start();
    }

    /** Stops the embedded registry and starts it again on the same port and storage. */
    public void restartRegistry() {
        ApicurioRegistry r;
        synchronized (this) {
            r = registry;
        }
        if (r == null) {
            throw new IllegalStateException("no embedded registry to restart");
        }
        r.stop();
        r.start();
    }

    /** Fails with a clear message when a service's main class is not on this JVM's classpath. */
    static void requireClass(String mainClass, String service) {
        try {
            Class.forName(mainClass, false, LocalStack.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(service + " main class " + mainClass + " is not on the classpath;"
                    + " build the project first (mvn -B -DskipTests install) or run deploy/local.sh, which builds");
        }
    }

    /**
     * The first child that died on its own (a service, the embedded registry, the Connect worker, the
     * warehouse database), if any.
     */
    public synchronized Optional<ChildProcess> deadChild() {
        Optional<ChildProcess> service = children.stream().filter(c -> !c.isAlive()).findFirst();
        if (service.isPresent()) {
            return service;
        }
        Optional<ChildProcess> deadRegistry = registry == null ? Optional.empty() : registry.exited();
        return deadRegistry.isPresent() || warehouse == null ? deadRegistry : warehouse.deadChild();
    }

    public StackConfig config() {
        return config;
    }

    /** The registry URL in use (the embedded one's actual URL when embedded). */
    public String registryUrl() {
        return config.registryUrl();
    }

    /**
     * Stops the warehouse (Connect worker, then database), then the services (SIGTERM to all at once,
     * SIGKILL to any still running after 5 s), then the registry (2 s), then the broker.
     */
    @Override
    public void close() {
        closed = true;
        LocalWarehouse w;
        synchronized (this) {
            w = warehouse;
            warehouse = null;
        }
        if (w != null) {
            w.close(); // not under this lock: a startup waiting for the connectors must see it close
        }
        closeTheRest();
    }

    private synchronized void closeTheRest() {
        ChildProcess.stopAll(List.copyOf(children), STOP_GRACE);
        children.clear();
        if (registry != null) {
            registry.stop(REGISTRY_GRACE);
            registry = null;
            LOG.info("registry stopped");
        }
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }
}

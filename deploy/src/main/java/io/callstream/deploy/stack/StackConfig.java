package io.callstream.deploy.stack;

import io.callstream.common.auth.AdminAccounts;
import io.callstream.common.logging.LogFormat;
import io.callstream.schemas.Topics;
import io.callstream.schemas.config.Settings;
import io.callstream.schemas.registry.RegistryConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The local stack's configuration (CONTRACT sections 6 and 7), loaded by {@link Settings}: built-in
 * defaults, then the file named by {@code CALLSTREAM_CONFIG}, then {@code CALLSTREAM_*} environment
 * variables. Setting {@code kafka.bootstrap.servers} / {@code schema.registry.url} switches from the
 * embedded broker / registry to existing ones. Unless {@code callbacks.secret.keys} /
 * {@code callbacks.admins} are set, every accepted SDKAppID gets {@link #LOCAL_SECRET_KEY} and the
 * administrator {@link #LOCAL_ADMIN} for the callbacks service's admin API. {@code log.format} is the
 * format of the launcher's own log and of every service it starts.
 */
public record StackConfig(
        Path dataDir,
        String host,
        int kafkaPort,
        int kafkaControllerPort,
        int registryPort,
        int httpPort,
        int processorPort,
        int callbacksPort,
        int partitions,
        List<String> sdkAppIds,
        Optional<String> externalBootstrapServers,
        Optional<String> externalRegistryUrl,
        String applicationId,
        String childHeap,
        String ingestMainClass,
        String processorMainClass,
        String callbacksMainClass,
        String topicCallEvents,
        String topicCallEventsDlq,
        String topicCallSummaries,
        String topicMissedCallAlerts,
        String topicCallParticipants,
        List<String> services,
        AdminAccounts callbacksAccounts,
        Map<String, String> kafkaClientProperties,
        Warehouse warehouse,
        Map<String, String> registryClientProperties,
        LogFormat logFormat) {

    /**
     * The warehouse of {@code deploy/local.sh --warehouse}: a PostgreSQL server and a Kafka Connect
     * worker (its own JVM on {@code classpath}) running the JDBC sink connectors of {@code connectorsDir}.
     *
     * @param enabled       {@code warehouse} (set by {@code --warehouse})
     * @param classpath     {@code connect.classpath}: the worker JVM's classpath (local.sh sets it from the
     *                      connect module: connect-runtime, the Debezium JDBC sink, our converter)
     * @param connectorsDir {@code connect.connectors.dir}: the connector files POSTed to the worker
     */
    public record Warehouse(boolean enabled, int postgresPort, int connectPort, String classpath, Path connectorsDir,
                            String connectHeap) {
    }

    public static final String INGEST_MAIN = "io.callstream.ingest.IngestMain";
    public static final String PROCESSOR_MAIN = "io.callstream.processor.ProcessorMain";
    public static final String CALLBACKS_MAIN = "io.callstream.callbacks.CallbackDeliveryMain";
    /** The UserSig secret key of the local stack's SDKAppIDs when none is set: a demo value, not a secret. */
    public static final String LOCAL_SECRET_KEY = "callstream-local-demo-key";
    /** The administrator of the local stack's SDKAppIDs when none is set. */
    public static final String LOCAL_ADMIN = "administrator";

    /** Keys and their defaults; the README's configuration table lists the same. */
    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data.dir", ".callstream-data");
        d.put("http.host", "127.0.0.1");
        d.put("kafka.port", "9092");
        d.put("kafka.controller.port", "9093");
        d.put("registry.port", "8081");
        d.put("http.port", "8080");
        d.put("processor.port", "8090");
        d.put("callbacks.http.port", "8092");
        d.put("partitions", "4");
        d.put("sdkappids", "1400000001");
        d.put("kafka.bootstrap.servers", "");
        d.put("schema.registry.url", "");
        d.put("application.id", "callstream-processor");
        d.put("child.heap", "512m");
        d.put("ingest.main.class", INGEST_MAIN);
        d.put("processor.main.class", PROCESSOR_MAIN);
        d.put("callbacks.main.class", CALLBACKS_MAIN);
        d.put("topic.call.events", Topics.CALL_EVENTS);
        d.put("topic.call.events.dlq", Topics.CALL_EVENTS_DLQ);
        d.put("topic.call.summaries", Topics.CALL_SUMMARIES);
        d.put("topic.missed.call.alerts", Topics.MISSED_CALL_ALERTS);
        d.put("topic.call.participants", Topics.CALL_PARTICIPANTS);
        d.put("services", "ingest,processor,callbacks");
        d.put("callbacks.secret.keys", "");
        d.put("callbacks.admins", "");
        d.put("warehouse", "false");
        d.put("warehouse.port", "5432");
        d.put("connect.port", "8083");
        d.put("connect.classpath", "");
        d.put("connect.connectors.dir", "deploy/connect");
        d.put("connect.heap", "512m");
        LogFormat.addDefault(d);
        return d;
    }

    public static StackConfig load() {
        return from(Settings.load(defaults()));
    }

    public static StackConfig from(Settings s) {
        return new StackConfig(
                Path.of(s.string("data.dir")).toAbsolutePath().normalize(),
                s.string("http.host"),
                s.integer("kafka.port"),
                s.integer("kafka.controller.port"),
                s.integer("registry.port"),
                s.integer("http.port"),
                s.integer("processor.port"),
                s.integer("callbacks.http.port"),
                s.integer("partitions"),
                s.list("sdkappids"),
                s.optional("kafka.bootstrap.servers"),
                s.optional("schema.registry.url"),
                s.string("application.id"),
                s.string("child.heap"),
                s.string("ingest.main.class"),
                s.string("processor.main.class"),
                s.string("callbacks.main.class"),
                s.string("topic.call.events"),
                s.string("topic.call.events.dlq"),
                s.string("topic.call.summaries"),
                s.string("topic.missed.call.alerts"),
                s.string("topic.call.participants"),
                s.list("services"),
                callbacksAccounts(s),
                clientProperties(s),
                new Warehouse(s.bool("warehouse"), s.integer("warehouse.port"),
                        s.integer("connect.port"), s.optional("connect.classpath").orElse(""),
                        Path.of(s.string("connect.connectors.dir")).toAbsolutePath().normalize(),
                        s.string("connect.heap")),
                registryClientProperties(s),
                LogFormat.from(s));
    }

    /** This configuration with the warehouse switched on ({@code deploy/local.sh --warehouse}). */
    public StackConfig withWarehouse() {
        return new StackConfig(dataDir, host, kafkaPort, kafkaControllerPort, registryPort, httpPort, processorPort,
                callbacksPort, partitions, sdkAppIds, externalBootstrapServers, externalRegistryUrl, applicationId,
                childHeap, ingestMainClass, processorMainClass, callbacksMainClass, topicCallEvents, topicCallEventsDlq,
                topicCallSummaries, topicMissedCallAlerts, topicCallParticipants, services, callbacksAccounts,
                kafkaClientProperties, new Warehouse(true, warehouse.postgresPort(), warehouse.connectPort(),
                warehouse.classpath(), warehouse.connectorsDir(), warehouse.connectHeap()), registryClientProperties,
                logFormat);
    }

    /** The warehouse database as a JDBC URL (user postgres, no password). */
    public String warehouseJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + warehouse.postgresPort() + "/postgres";
    }

    /** The warehouse database as a libpq URL, for {@code deploy/sql.sh} ({@code CALLSTREAM_WAREHOUSE_URL}). */
    public String warehouseUrl() {
        return "postgresql://postgres@127.0.0.1:" + warehouse.postgresPort() + "/postgres";
    }

    public String connectUrl() {
        return "http://127.0.0.1:" + warehouse.connectPort();
    }

    /** The operator's keys and administrators, or the local ones for every accepted SDKAppID. */
    private static AdminAccounts callbacksAccounts(Settings s) {
        List<String> apps = s.list("sdkappids");
        Settings withLocal = s.with(Map.of(
                "callbacks.secret.keys", s.optional("callbacks.secret.keys").orElseGet(() -> forEvery(apps, LOCAL_SECRET_KEY)),
                "callbacks.admins", s.optional("callbacks.admins").orElseGet(() -> forEvery(apps, LOCAL_ADMIN))));
        return AdminAccounts.from(withLocal, "callbacks.admins", "callbacks.secret.keys");
    }

    private static String forEvery(List<String> sdkAppIds, String value) {
        return sdkAppIds.stream().map(app -> app + ":" + value).collect(Collectors.joining(","));
    }

    /** {@code kafka.*} settings for the tools' own clients (e.g. security), minus the launcher's port keys. */
    private static Map<String, String> clientProperties(Settings s) {
        Map<String, String> p = new LinkedHashMap<>(s.withPrefix("kafka."));
        p.remove("port");
        p.remove("controller.port");
        p.remove("bootstrap.servers");
        return Map.copyOf(p);
    }

    /** Registry client settings of the tools (credentials, TLS: {@code schema.registry.*} and the serde names), minus the URL. */
    private static Map<String, String> registryClientProperties(Settings s) {
        Map<String, String> p = new LinkedHashMap<>();
        RegistryConfig.clientProperties(s).forEach((k, v) -> p.put(k, v.toString()));
        p.remove(RegistryConfig.URL);
        return Map.copyOf(p);
    }

    /** Registry client properties for the launcher and tools: {@link #registryUrl()} plus credentials and TLS. */
    public Map<String, Object> registryClient() {
        Map<String, Object> p = new LinkedHashMap<>(registryClientProperties);
        p.put(RegistryConfig.URL, registryUrl());
        return p;
    }

    /** Client properties for Kafka clients of the launcher and tools: bootstrap servers plus {@code kafka.*}. */
    public Map<String, Object> kafkaClient() {
        Map<String, Object> p = new LinkedHashMap<>(kafkaClientProperties);
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    public boolean embeddedKafka() {
        return externalBootstrapServers.isEmpty();
    }

    public boolean embeddedRegistry() {
        return externalRegistryUrl.isEmpty();
    }

    public String bootstrapServers() {
        return externalBootstrapServers.orElse("127.0.0.1:" + kafkaPort);
    }

    /** The Confluent-compatible registry URL the services and tools use. */
    public String registryUrl() {
        return externalRegistryUrl.orElse("http://127.0.0.1:" + registryPort + "/apis/ccompat/v7");
    }

    public String ingestUrl() {
        return "http://" + host + ":" + httpPort;
    }

    public String processorUrl() {
        return "http://" + host + ":" + processorPort;
    }

    public String callbacksUrl() {
        return "http://" + host + ":" + callbacksPort;
    }

    /** The SDKAppID the banner's examples and {@code deploy/usersig.sh} use: the first accepted one. */
    public long demoSdkAppId() {
        return sdkAppIds.isEmpty() ? 1400000001L : Long.parseLong(sdkAppIds.get(0));
    }

    /** The administrator of {@code sdkAppId} the banner's example and {@code deploy/usersig.sh} use: the first one. */
    public String demoAdmin(long sdkAppId) {
        return callbacksAccounts.admins().getOrDefault(sdkAppId, Set.of()).stream().sorted().findFirst()
                .orElse(LOCAL_ADMIN);
    }

    public List<String> topics() {
        return List.of(topicCallEvents, topicCallEventsDlq, topicCallSummaries, topicMissedCallAlerts,
                topicCallParticipants);
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /** Safe to log: secrets among the Kafka and registry client settings (JAAS config, passwords) masked. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("StackConfig[");
        for (java.lang.reflect.RecordComponent c : StackConfig.class.getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                v = "?";
            }
            if (v instanceof Map<?, ?> m) {
                Map<Object, Object> masked = new java.util.TreeMap<>();
                m.forEach((k, x) -> masked.put(k, Settings.isSecret(k.toString()) ? "****" : x));
                v = masked;
            }
            b.append(b.length() > 12 ? ", " : "").append(c.getName()).append('=').append(v);
        }
        return b.append(']').toString();
    }
}

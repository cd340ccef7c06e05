package io.callstream.processor;

import com.sun.net.httpserver.HttpHandler;
import io.callstream.common.telemetry.Telemetry;
import io.callstream.processor.console.CallLookup;
import io.callstream.processor.console.ConsoleHttp;
import io.callstream.processor.console.ConsoleHub;
import io.callstream.processor.console.ConsoleStats;
import io.callstream.processor.http.MicrometerSessionMetrics;
import io.callstream.processor.topology.SessionMetrics;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import io.callstream.processor.http.OpsServer;
import io.callstream.processor.http.StreamsHealth;
import io.callstream.processor.records.PartitionCount;
import io.callstream.processor.records.RecordsApi;
import io.callstream.processor.records.RecordsQueries;
import io.callstream.processor.state.BoundedRocksDbConfigSetter;
import io.callstream.processor.state.SharedRocksDbMemory;
import io.callstream.processor.topology.CallTopology;
import io.callstream.processor.topology.ProcessorSerdes;
import io.callstream.schemas.TopicReplication;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running processor: config → serdes → {@link CallTopology} → {@link KafkaStreams} (exactly_once_v2)
 * plus the HTTP port of {@link OpsServer} (with the call-records API, {@link RecordsApi}, and the live console,
 * {@link ConsoleHttp}), and a {@link CommittedOffsetLag} that holds each task's
 * timers until it has read its backlog. State is never wiped on start: local stores are reused,
 * or restored from their changelog topics. The local stack and benchmarks embed it through
 * {@link #start(ProcessorConfig)}.
 */
public final class ProcessorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final OpsServer http;
    private final KafkaStreamsMetrics streamsMetrics;
    private final PrometheusMeterRegistry registry;
    private final CommittedOffsetLag inputLag;
    private final PartitionCount partitions;
    private final ConsoleHub console;
    private final Telemetry telemetry;
    private boolean closed;

    private ProcessorApp(KafkaStreams streams, OpsServer http, KafkaStreamsMetrics streamsMetrics,
                         PrometheusMeterRegistry registry, CommittedOffsetLag inputLag, PartitionCount partitions,
                         ConsoleHub console, Telemetry telemetry) {
        this.console = console;
        this.telemetry = telemetry;
        this.partitions = partitions;
        this.streams = streams;
        this.inputLag = inputLag;
        this.http = http;
        this.streamsMetrics = streamsMetrics;
        this.registry = registry;
    }

    /** Builds and starts the application; returns once the HTTP port is bound (Kafka Streams starts in the background). */
    public static ProcessorApp start(ProcessorConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Telemetry telemetry = Telemetry.bind(registry, "processor");
        Map<String, Object> serdeProps = new LinkedHashMap<>(config.registry());
        serdeProps.put("schema.registry.url", config.schemaRegistryUrl());
        ProcessorSerdes serdes = ProcessorSerdes.create(serdeProps);
        Properties props = streamsProperties(config);
        replicateInternalTopics(props);
        CommittedOffsetLag inputLag = CommittedOffsetLag.start(new StreamsConfig(props).getAdminConfigs(
                config.applicationId() + "-input-lag"), config.applicationId(), config.punctuationInterval(),
                config.catchUpMaxWait());
        ConsoleStats consoleStats = new ConsoleStats(System::currentTimeMillis);
        Topology topology = CallTopology.build(config, serdes, SessionMetrics.all(List.of(
                new MicrometerSessionMetrics(registry), consoleStats)), inputLag);
        LOG.info("Processor topology:\n{}", topology.describe());
        AtomicReference<KafkaStreams> streamsRef = new AtomicReference<>();
        PartitionCount partitions = new PartitionCount(new StreamsConfig(props).getAdminConfigs(
                config.applicationId() + "-records"), config.topics().callSummaries());
        // The HTTP port is bound first: its real port goes into application.server, which other instances use
        // to forward record queries and console requests here.
        AtomicReference<HostInfo> self = new AtomicReference<>();
        RecordsQueries queries = new RecordsQueries(streamsRef::get, self::get, config.topics().callSummaries(),
                partitions, config.records().retryTimeout());
        RecordsApi api = new RecordsApi(queries, config.records(), Clock.systemUTC());
        StreamsConfig streamsConfig = new StreamsConfig(props);
        ConsoleHub console = new ConsoleHub(consoleStats, streamsRef::get, self::get, config.topics().callEvents(),
                () -> Admin.create(streamsConfig.getAdminConfigs(config.applicationId() + "-console")));
        CallLookup lookup = new CallLookup(() -> lookupConsumer(streamsConfig, config.applicationId()),
                config.topics().callEvents(), config.topics().callSummaries(), serdes.callEvents(), serdes.summaryReader());
        Map<String, HttpHandler> contexts = new LinkedHashMap<>(api.contexts());
        contexts.putAll(new ConsoleHttp(console, lookup).contexts());
        OpsServer http = OpsServer.start(config.host(), config.port(), () -> streamsRef.get() == null
                        ? StreamsHealth.CREATED : StreamsHealth.of(streamsRef.get()), registry,
                contexts, config.records().httpThreads());
        String server = props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG,
                config.records().advertisedHost() + ":" + http.port());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        self.set(HostInfo.buildFromEndpoint(server));
        KafkaStreams streams;
        try {
            streams = new KafkaStreams(topology, props);
        } catch (RuntimeException e) {
            http.close();
            console.close();
            inputLag.close();
            partitions.close();
            throw e;
        }
        streamsRef.set(streams);
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams state {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it (state is restored from the changelog)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        Gauge.builder("callstream.processor.streams.running", streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while Kafka Streams is RUNNING (the readiness probe's condition), else 0").register(registry);
        try {
            streams.start();
        } catch (RuntimeException e) {
            http.close();
            console.close();
            streams.close(Duration.ZERO);
            inputLag.close();
            partitions.close();
            throw e;
        }
        LOG.info("Processor {} started: HTTP on {}:{} (application.server {}), reading {}", config.applicationId(),
                config.host(), http.port(), server, config.topics().callEvents());
        return new ProcessorApp(streams, http, streamsMetrics, registry, inputLag, partitions, console, telemetry);
    }

    /** A consumer for the console's call lookups: no group, read_committed, the application's client settings. */
    private static Consumer<byte[], byte[]> lookupConsumer(StreamsConfig streams, String applicationId) {
        Map<String, Object> c = new HashMap<>(streams.getGlobalConsumerConfigs(applicationId + "-console-lookup"));
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The Kafka Streams configuration: our keys first, then every {@code kafka.*} key, which wins. */
    static Properties streamsProperties(ProcessorConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        config.stateDir().ifPresent(dir -> p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString()));
        if (config.rocksdb().bounded()) {
            // one block cache + write buffer manager for all stores of this instance (kafka.rocksdb.config.setter wins)
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfigSetter.class);
            p.put(SharedRocksDbMemory.CONFIG_KEY, new SharedRocksDbMemory(config.rocksdb()));
        }
        p.putAll(config.kafka());
        return p;
    }

    /**
     * Kafka Streams creates its changelog and repartition topics with the broker's default
     * {@code min.insync.replicas}, often 1: a committed transaction could then live on one replica.
     * Unless {@code kafka.topic.min.insync.replicas} is set, they get min(2, replication factor), the
     * rule of every topic callstream creates; the replication factor is {@code kafka.replication.factor}
     * when set, else the cluster's default. A cluster that cannot be asked now leaves the broker's default.
     */
    static void replicateInternalTopics(Properties props) {
        String key = StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (props.containsKey(key)) {
            return;
        }
        StreamsConfig streams = new StreamsConfig(props);
        int configured = streams.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG);
        try (Admin admin = Admin.create(streams.getAdminConfigs("callstream-topic-replication"))) {
            int replicas = configured > 0 ? configured : TopicReplication.replicationFactor(admin);
            props.put(key, Integer.toString(TopicReplication.minInsyncReplicas(replicas)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warn("cannot read the cluster's replication factor ({}); internal topics get the broker's"
                    + " default min.insync.replicas", e.toString());
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The bound HTTP port (the real one when configured as 0). */
    public int port() {
        return http.port();
    }

    /** Kafka Streams' own metrics, as {@code KafkaStreams.metrics()} has them now (the meter registry binds new ones once a minute). */
    public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> streamsMetrics() {
        return streams.metrics();
    }

    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    /** Stops Kafka Streams (committing what was processed) and the HTTP port; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Processor closing");
        boolean clean = streams.close(CLOSE_TIMEOUT);
        inputLag.close();
        partitions.close();
        streamsMetrics.close();
        console.close();
        http.close();
        telemetry.close();
        registry.close();
        LOG.info("Processor closed{}", clean ? "" : " (Kafka Streams did not stop within " + CLOSE_TIMEOUT + ")");
    }
}

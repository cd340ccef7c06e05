package io.callstream.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Docker variants' parts (Testcontainers): a single-node Apache Kafka (KRaft) container set up
 * so that transactions (exactly_once_v2) and consumer groups work on one node, and an Apicurio
 * Registry container with the Confluent-compatible API. Typical use:
 * <pre>{@code
 * @Testcontainers(disabledWithoutDocker = true)
 * class SomeContainerIT {
 *     @Container static final KafkaContainer KAFKA = ContainerStack.kafka();
 *     @Container static final GenericContainer<?> REGISTRY = ContainerStack.apicurio();
 *     ... ContainerStack.registryUrl(REGISTRY), KAFKA.getBootstrapServers() ...
 * }}</pre>
 * Creating the containers needs no Docker engine; starting them does, which the
 * {@code @Testcontainers(disabledWithoutDocker = true)} condition checks first, so without Docker
 * the test class is skipped. Testcontainers is an optional dependency of testkit: a module using
 * this class declares {@code testcontainers-kafka} (and {@code testcontainers-junit-jupiter}) itself,
 * in test scope, versions from the parent's BOM.
 */
public final class ContainerStack {

    /** The broker image (the one the schemas module's container IT uses). */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    /**
     * The registry image: Apicurio's documented Docker Hub image (all storage variants of 3.x share
     * it), at the version the in-JVM {@link ApicurioRegistry} runs.
     */
    public static final String APICURIO_IMAGE = "apicurio/apicurio-registry:3.3.3";
    /** Apicurio's HTTP port inside the container. */
    public static final int APICURIO_PORT = 8080;
    /** The Confluent-compatible API path of Apicurio 3.x. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private ContainerStack() {
    }

    /**
     * A one-node Kafka container. Testcontainers already sets the offsets and transaction-state
     * topics to replication 1 with min ISR 1; this also makes one partition of the transaction
     * state log (faster first transaction), and default replication factor and min.insync.replicas 1
     * for the topics Kafka Streams and the clients create (changelogs, repartition topics).
     */
    public static KafkaContainer kafka() {
        return new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_DEFAULT_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1");
    }

    /**
     * An Apicurio Registry container with its default in-memory storage; ready once the
     * Confluent-compatible API answers (the path the serdes use). Use {@link #registryUrl} for
     * {@code schema.registry.url}.
     */
    public static GenericContainer<?> apicurio() {
        return new GenericContainer<>(DockerImageName.parse(APICURIO_IMAGE))
                .withExposedPorts(APICURIO_PORT)
                // the same rule as the in-JVM registry (apicurio.rules.global.compatibility)
                .withEnv("APICURIO_RULES_GLOBAL_COMPATIBILITY", "BACKWARD")
                .waitingFor(Wait.forHttp(CCOMPAT_PATH + "/subjects").forPort(APICURIO_PORT).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
    }

    /** The Confluent-compatible base URL of a started {@link #apicurio()} container. */
    public static String registryUrl(GenericContainer<?> apicurio) {
        return "http://" + apicurio.getHost() + ":" + apicurio.getMappedPort(APICURIO_PORT) + CCOMPAT_PATH;
    }

    /** Creates topics (existing ones are kept) through {@link KafkaTopics}: one replica, min.insync.replicas 1. */
    public static void createTopics(KafkaContainer kafka, int partitions, String... names) {
        KafkaTopics.create(kafka.getBootstrapServers(), partitions, Map.of(), List.of(names));
    }

    /** Producer properties: idempotent, acks=all, against this container. */
    public static Map<String, Object> producerProps(KafkaContainer kafka) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return p;
    }

    /** Consumer properties: read_committed, from the earliest offset, in the given group. */
    public static Map<String, Object> consumerProps(KafkaContainer kafka, String group) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }
}

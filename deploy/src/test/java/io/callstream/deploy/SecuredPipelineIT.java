package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.deploy.admin.AdminMain;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.deploy.traffic.CallFactory;
import io.callstream.deploy.traffic.LoadGenerator;
import io.callstream.deploy.traffic.LoadReport;
import io.callstream.deploy.traffic.TrafficMix;
import io.callstream.deploy.traffic.TrafficPlan;
import io.callstream.deploy.traffic.Verifier;
import io.callstream.ingest.IngestServer;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.processor.ProcessorApp;
import io.callstream.processor.ProcessorConfig;
import io.callstream.schemas.config.Settings;
import io.callstream.testkit.EmbeddedKafkaBroker;
import io.callstream.testkit.FreePorts;
import io.callstream.testkit.SchemaRegistryExtension;
import io.callstream.testkit.TlsFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a secured cluster: the in-JVM broker's client listener speaks SASL/PLAIN over TLS
 * (a self-signed certificate made with keytool), the registry answers only over HTTPS with basic auth
 * (a reverse proxy in front of the test Apicurio registry). The admin CLI creates the topics and
 * registers the schemas, ingest and the processor run with {@code auto.register.schemas=false}, the
 * generator's webhooks become summaries and alerts, read back by the generator's verifier, every
 * client configured only through settings ({@code kafka.*}, {@code schema.registry.*}).
 */
class SecuredPipelineIT {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final SchemaRegistryExtension REGISTRY = new SchemaRegistryExtension();

    static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"%s\" password=\"%s\";";
    static TlsFiles tls;
    static EmbeddedKafkaBroker broker;
    static int securePort;
    static BasicAuthProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsFiles.generate(dir.resolve("tls"));
        int plainPort = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        securePort = FreePorts.pick();
        Map<String, String> o = new HashMap<>();
        o.put("listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",CONTROLLER://127.0.0.1:" + controllerPort
                + ",SECURE://127.0.0.1:" + securePort);
        o.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",SECURE://127.0.0.1:" + securePort);
        o.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SECURE:SASL_SSL");
        o.put("listener.name.secure.sasl.enabled.mechanisms", "PLAIN");
        o.put("listener.name.secure.plain.sasl.jaas.config", String.format(JAAS, "admin", "admin-secret")
                .replace(";", " user_admin=\"admin-secret\" user_callstream=\"cs-secret\";"));
        o.put("listener.name.secure.ssl.keystore.location", tls.keyStore().toString());
        o.put("listener.name.secure.ssl.keystore.password", tls.password());
        o.put("listener.name.secure.ssl.key.password", tls.password());
        o.put("listener.name.secure.ssl.keystore.type", "PKCS12");
        broker = new EmbeddedKafkaBroker(dir.resolve("kafka"), plainPort, controllerPort, o).start();
        proxy = new BasicAuthProxy(REGISTRY.url(), tls, "registry-user", "registry-secret");
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** The settings every service and tool gets, as keys of a properties file or CALLSTREAM_* variables. */
    static Map<String, String> secured(String password) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap.servers", "127.0.0.1:" + securePort);
        s.put("kafka.security.protocol", "SASL_SSL");
        s.put("kafka.sasl.mechanism", "PLAIN");
        s.put("kafka.sasl.jaas.config", String.format(JAAS, "callstream", password));
        s.put("kafka.ssl.truststore.location", tls.trustStore().toString());
        s.put("kafka.ssl.truststore.password", tls.password());
        s.put("kafka.ssl.truststore.type", "PKCS12");
        s.put("schema.registry.url", proxy.url(REGISTRY.url()));
        s.put("schema.registry.basic.auth.user.info", "registry-user:registry-secret");
        s.put("schema.registry.ssl.truststore.location", tls.trustStore().toString());
        s.put("schema.registry.ssl.truststore.password", tls.password());
        s.put("auto.register.schemas", "false");
        return s;
    }

    @Test
    void shouldRefuseAClientWhenItsSaslPasswordIsWrong() {
        Map<String, Object> props = new HashMap<>();
        Settings.of(secured("wrong")).withPrefix("kafka.").forEach(props::put);
        try (Admin admin = Admin.create(props)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void shouldTurnWebhooksIntoSummariesWhenKafkaIsSaslOverTlsAndTheRegistryWantsBasicAuth() throws Exception {
        Map<String, String> settings = secured("cs-secret");
        Path config = dir.resolve("secured.properties");
        Files.writeString(config, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()
                .replace("\\", "\\\\")).collect(Collectors.joining("\n")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int topics = AdminMain.run(new PrintWriter(out, true), new PrintWriter(err, true), "topics", "create",
                "--config", config.toString(), "--partitions", "2", "--no-callbacks");
        int schemas = AdminMain.run(new PrintWriter(out, true), new PrintWriter(err, true), "schemas", "register",
                "--config", config.toString());
        assertThat(topics).as(err.toString()).isZero();
        assertThat(schemas).as(err.toString()).isZero();
        assertThat(out.toString()).contains("created call-events: 2 partition(s)").contains("registered call-events-value");

        Map<String, String> ingestSettings = new HashMap<>(settings);
        ingestSettings.putAll(Map.of("http.host", "127.0.0.1", "http.port", "0", "sdkappids", "1400000001"));
        Map<String, String> processorSettings = new HashMap<>(settings);
        processorSettings.putAll(Map.of("application.id", "secured-it", "processor.host", "127.0.0.1",
                "processor.port", "0", "state.dir", Files.createDirectories(dir.resolve("state")).toString()));
        StackConfig tools = StackConfig.from(Settings.load(StackConfig.defaults(), Optional.of(config), Map.of()));
        TrafficPlan plan = new TrafficPlan(new CallFactory(20, "secured-" + Long.toString(Instant.now().toEpochMilli(), 36),
                Instant.now().getEpochSecond(), 200), new TrafficMix(TrafficMix.defaults().weights(), 0, 0.1), 20, 10,
                20, true);
        long refusedBefore = proxy.refused();
        try (IngestServer ingest = IngestServer.start(IngestConfig.of(ingestSettings));
             ProcessorApp processor = ProcessorApp.start(ProcessorConfig.of(processorSettings))) {
            LoadReport sent;
            LoadGenerator g = new LoadGenerator(new LoadGenerator.Options("http://127.0.0.1:" + ingest.port(),
                    1400000001L, 0, 8, Duration.ofSeconds(30), 5));
            try {
                sent = g.run(plan, Optional.empty());
            } finally {
                g.close();
            }
            Verifier.Result result = new Verifier(new Verifier.Target(tools.bootstrapServers(), tools.registryUrl(),
                    tools.topicCallSummaries(), tools.topicMissedCallAlerts(), tools.kafkaClientProperties(),
                    tools.registryClientProperties())).verify(plan.runId(), plan.expectations(), Duration.ofMinutes(2),
                    Optional.empty());

            assertThat(sent.acknowledged()).isEqualTo(sent.sent()).isPositive();
            assertThat(result.missingSummaries()).isZero();
            assertThat(result.mismatches()).isEmpty();
            assertThat(result.calls()).isEqualTo(20);
        }
        assertThat(proxy.refused()).as("requests without the registry's credentials").isEqualTo(refusedBefore);
        assertThat(proxy.forwarded()).isPositive();
    }
}

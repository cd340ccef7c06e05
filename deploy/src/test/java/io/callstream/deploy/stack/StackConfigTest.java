package io.callstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.common.logging.LogFormat;
import io.callstream.schemas.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackConfigTest {

    private static StackConfig load(Map<String, String> env) {
        return StackConfig.from(Settings.load(StackConfig.defaults(), Optional.empty(), env));
    }

    @Test
    void shouldUseTheContractsPortsWhenNothingIsSet() {
        StackConfig c = load(Map.of());

        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.registryUrl()).isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
        assertThat(c.ingestUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.processorUrl()).isEqualTo("http://127.0.0.1:8090");
        assertThat(c.callbacksUrl()).isEqualTo("http://127.0.0.1:8092");
        assertThat(c.sdkAppIds()).containsExactly("1400000001");
        assertThat(c.dataDir()).isEqualTo(Path.of(".callstream-data").toAbsolutePath().normalize());
        assertThat(c.partitions()).isEqualTo(4);
        assertThat(c.services()).containsExactly("ingest", "processor", "callbacks");
        assertThat(c.embeddedKafka()).isTrue();
        assertThat(c.embeddedRegistry()).isTrue();
        assertThat(c.topics()).containsExactly("call-events", "call-events-dlq", "call-summaries", "missed-call-alerts",
                "call-participants");
    }

    @Test
    void shouldRunNoWarehouseUnlessAskedAndMoveItsPortsWhenTheEnvironmentSaysSo() {
        assertThat(load(Map.of()).warehouse().enabled()).isFalse();

        StackConfig c = load(Map.of("CALLSTREAM_WAREHOUSE_PORT", "15432", "CALLSTREAM_CONNECT_PORT", "18083",
                "CALLSTREAM_CONNECT_CLASSPATH", "/a.jar:/b.jar")).withWarehouse();

        assertThat(c.warehouse().enabled()).isTrue();
        assertThat(c.warehouseJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/postgres");
        assertThat(c.warehouseUrl()).isEqualTo("postgresql://postgres@127.0.0.1:15432/postgres");
        assertThat(c.connectUrl()).isEqualTo("http://127.0.0.1:18083");
        assertThat(c.warehouse().classpath()).isEqualTo("/a.jar:/b.jar");
        assertThat(c.warehouse().connectorsDir()).isEqualTo(Path.of("deploy/connect").toAbsolutePath().normalize());
    }

    @Test
    void shouldGiveTheConnectorsTheStacksAddressesAndTopicNamesWhenTheyAreConfigured() {
        StackConfig c = load(Map.of("CALLSTREAM_TOPIC_CALL_PARTICIPANTS", "rows", "CALLSTREAM_WAREHOUSE_PORT", "15432",
                "CALLSTREAM_REGISTRY_PORT", "18081"));
        LocalWarehouse w = new LocalWarehouse(c);

        assertThat(w.connectorOverrides("call-participants")).containsExactly(Map.entry("topics", "rows"),
                Map.entry("value.converter.schema.registry.url", "http://127.0.0.1:18081/apis/ccompat/v7"),
                Map.entry("connection.url", "jdbc:postgresql://127.0.0.1:15432/postgres"));
        assertThat(w.connectorOverrides("call-summaries")).containsEntry("topics", "call-summaries");
        assertThat(w.connectorOverrides("missed-call-alerts")).containsEntry("topics", "missed-call-alerts");
    }

    @Test
    void shouldStartEveryServiceWithJsonLogsWhenTheStackIsSetToJson() {
        StackConfig c = load(Map.of("CALLSTREAM_LOG_FORMAT", "json"));

        assertThat(c.logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(new LocalStack(c, "cp", List.of()).childEnvironment(Map.of()))
                .containsEntry("CALLSTREAM_LOG_FORMAT", "json");
    }

    @Test
    void shouldStartEveryServiceWithTextLogsWhenNothingIsSet() {
        StackConfig c = load(Map.of());

        assertThat(new LocalStack(c, "cp", List.of()).childEnvironment(Map.of()))
                .containsEntry("CALLSTREAM_LOG_FORMAT", "text");
    }

    @Test
    void shouldRemoveTheWorkersClasspathFromTheServicesEnvironment() {
        StackConfig c = load(Map.of());
        LocalStack stack = new LocalStack(c, "cp", List.of());

        assertThat(stack.childEnvironment(Map.of("CALLSTREAM_CONNECT_CLASSPATH", "/a.jar")))
                .doesNotContainKey("CALLSTREAM_CONNECT_CLASSPATH")
                .containsEntry("CALLSTREAM_TOPIC_CALL_PARTICIPANTS", "call-participants");
    }

    @Test
    void shouldMovePortsAndDataWhenTheEnvironmentSaysSo() {
        StackConfig c = load(Map.of("CALLSTREAM_KAFKA_PORT", "19092", "CALLSTREAM_REGISTRY_PORT", "18081",
                "CALLSTREAM_HTTP_PORT", "18080", "CALLSTREAM_PROCESSOR_PORT", "18090",
                "CALLSTREAM_DATA_DIR", "/tmp/cs-data", "CALLSTREAM_SDKAPPIDS", "1400000002, 1400000003",
                "CALLSTREAM_PARTITIONS", "8", "CALLSTREAM_CALLBACKS_HTTP_PORT", "18092",
                "CALLSTREAM_SERVICES", "ingest,processor,callbacks"));

        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(c.registryUrl()).isEqualTo("http://127.0.0.1:18081/apis/ccompat/v7");
        assertThat(c.ingestUrl()).endsWith(":18080");
        assertThat(c.processorUrl()).endsWith(":18090");
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/cs-data"));
        assertThat(c.sdkAppIds()).containsExactly("1400000002", "1400000003");
        assertThat(c.partitions()).isEqualTo(8);
        assertThat(c.callbacksUrl()).endsWith(":18092");
        assertThat(c.services()).containsExactly("ingest", "processor", "callbacks");
    }

    @Test
    void shouldUseTheExistingClusterAndRegistryWhenTheirAddressesAreSet() {
        StackConfig c = load(Map.of("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
                "CALLSTREAM_SCHEMA_REGISTRY_URL", "https://registry.example.com"));

        assertThat(c.embeddedKafka()).isFalse();
        assertThat(c.embeddedRegistry()).isFalse();
        assertThat(c.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(c.registryUrl()).isEqualTo("https://registry.example.com");
    }

    @Test
    void shouldPassKafkaSettingsToTheToolsClientsWhenGivenAsEnvironment() {
        StackConfig c = load(Map.of("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9093",
                "CALLSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "CALLSTREAM_KAFKA_PORT", "19092"));

        assertThat(c.kafkaClient()).containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKeys("port", "controller.port");
    }

    @Test
    void shouldPassAddressesButNotLauncherPortsWhenBuildingAChildsEnvironment() {
        StackConfig c = load(Map.of("CALLSTREAM_KAFKA_PORT", "19092"));
        LocalStack stack = new LocalStack(c, "cp", List.of());

        Map<String, String> env = stack.childEnvironment(Map.of("CALLSTREAM_KAFKA_PORT", "19092",
                "CALLSTREAM_SETTLE_DELAY", "5s", "PATH", "/bin"));

        assertThat(env).doesNotContainKey("CALLSTREAM_KAFKA_PORT")
                .containsEntry("CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
                .containsEntry("CALLSTREAM_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7")
                .containsEntry("CALLSTREAM_SDKAPPIDS", "1400000001")
                .containsEntry("CALLSTREAM_HTTP_HOST", "127.0.0.1")
                .containsEntry("CALLSTREAM_PROCESSOR_HOST", "127.0.0.1")
                .containsEntry("CALLSTREAM_TOPIC_CALL_EVENTS", "call-events")
                .containsEntry("CALLSTREAM_SETTLE_DELAY", "5s")
                .containsEntry("PATH", "/bin");
    }

    @Test
    void shouldNameTheStacksOwnIngestAsAnAddressCallbacksRefuseWhenNoOwnHostsAreSet() {
        StackConfig c = load(Map.of("CALLSTREAM_HTTP_PORT", "18080"));

        assertThat(new LocalStack(c, "cp", List.of()).childEnvironment(Map.of()))
                .containsEntry("CALLSTREAM_CALLBACKS_OWN_HOSTS", "127.0.0.1:18080,localhost:18080");
        assertThat(new LocalStack(c, "cp", List.of()).childEnvironment(Map.of("CALLSTREAM_CALLBACKS_OWN_HOSTS", "a:1")))
                .containsEntry("CALLSTREAM_CALLBACKS_OWN_HOSTS", "a:1");
    }

    @Test
    void shouldGiveTheCallbacksServiceTheLocalDemoKeyForEachSdkAppIdWhenNoKeyIsSet() {
        StackConfig c = load(Map.of("CALLSTREAM_SDKAPPIDS", "1400000001,1400000002"));

        Map<String, String> env = new LocalStack(c, "cp", List.of()).childEnvironment(Map.of());

        assertThat(env).containsEntry("CALLSTREAM_CALLBACKS_SECRET_KEYS",
                        "1400000001:callstream-local-demo-key,1400000002:callstream-local-demo-key")
                .containsEntry("CALLSTREAM_CALLBACKS_ADMINS", "1400000001:administrator,1400000002:administrator")
                .containsEntry("CALLSTREAM_CALLBACKS_HTTP_HOST", "127.0.0.1");
    }

    @Test
    void shouldPassTheOperatorsKeysAndAdministratorsWhenTheyAreSet() {
        StackConfig c = load(Map.of("CALLSTREAM_CALLBACKS_SECRET_KEYS", "1400000001:my-key",
                "CALLSTREAM_CALLBACKS_ADMINS", "1400000001:ops"));

        Map<String, String> env = new LocalStack(c, "cp", List.of()).childEnvironment(Map.of());

        assertThat(env).containsEntry("CALLSTREAM_CALLBACKS_SECRET_KEYS", "1400000001:my-key")
                .containsEntry("CALLSTREAM_CALLBACKS_ADMINS", "1400000001:ops")
                .containsEntry("CALLSTREAM_RECORDS_SECRET_KEYS", "1400000001:my-key")
                .containsEntry("CALLSTREAM_RECORDS_ADMINS", "1400000001:ops");
    }

    @Test
    void shouldKeepRegistryDataInAnH2FileWhenEmbedded() {
        Map<String, String> p = LocalStack.registryProperties(Path.of("/data"));

        assertThat(p).containsEntry("apicurio.storage.kind", "sql")
                .containsEntry("apicurio.storage.sql.kind", "h2")
                .containsEntry("apicurio.datasource.url", "jdbc:h2:file:/data/registry/db");
    }

    @Test
    void shouldPassSecuritySettingsToTheToolsAndNeverPrintThemWhenGivenByEnvironment() {
        StackConfig c = StackConfig.from(Settings.load(StackConfig.defaults(), Optional.empty(), Map.of(
                "CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS", "b:9093", "CALLSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "CALLSTREAM_KAFKA_SASL_JAAS_CONFIG", "x password=\"kafkapass\";",
                "CALLSTREAM_SCHEMA_REGISTRY_URL", "https://r/apis/ccompat/v7",
                "CALLSTREAM_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "fred:regpass")));

        assertThat(c.kafkaClient()).containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config")
                .containsEntry("bootstrap.servers", "b:9093");
        assertThat(c.registryClient()).containsEntry("schema.registry.url", "https://r/apis/ccompat/v7")
                .containsEntry("schema.registry.basic.auth.user.info", "fred:regpass");
        assertThat(c.toString()).contains("SASL_SSL").doesNotContain("kafkapass").doesNotContain("regpass");
    }
}

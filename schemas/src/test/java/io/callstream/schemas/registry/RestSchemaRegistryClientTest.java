package io.callstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.avro.CallEvent;
import io.callstream.schemas.SampleRecords;
import io.callstream.schemas.Topics;
import io.callstream.schemas.serde.AvroSerde;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

    private final StubRegistryServer stub = new StubRegistryServer();

    @AfterEach
    void stop() {
        stub.close();
    }

    private RestSchemaRegistryClient client(Map<String, String> extra) {
        var props = new java.util.HashMap<String, Object>(Map.of(RegistryConfig.URL, stub.url(),
                RegistryConfig.RETRY_BACKOFF_MS, "1", RegistryConfig.REQUEST_TIMEOUT_MS, "2000"));
        props.putAll(extra);
        return new RestSchemaRegistryClient(RegistryConfig.from(props));
    }

    @Test
    void shouldPostSchemaToSubjectVersionsWhenRegistering() {
        stub.then(200, "{\"id\":7}");

        int id = client(Map.of()).register("call-events-value", CallEvent.getClassSchema());

        assertThat(id).isEqualTo(7);
        var req = stub.requests().get(0);
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/subjects/call-events-value/versions");
        assertThat(req.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(req.body()).startsWith("{\"schema\":\"{\\\"type\\\":\\\"record\\\"");
    }

    @Test
    void shouldParseSchemaWhenFetchingById() {
        String escaped = CallEvent.getClassSchema().toString().replace("\\", "\\\\").replace("\"", "\\\"");
        stub.then(200, "{\"schema\":\"" + escaped + "\"}");

        var schema = client(Map.of()).getById(3);

        assertThat(schema).isEqualTo(CallEvent.getClassSchema());
        assertThat(stub.requests().get(0).path()).isEqualTo("/schemas/ids/3");
    }

    @Test
    void shouldReadSubjectVersionIdWhenAskingForLatest() {
        stub.then(200, "{\"subject\":\"s\",\"version\":4,\"id\":9,\"schema\":\"\\\"string\\\"\"}");

        RegisteredSchema latest = client(Map.of()).latest("s");

        assertThat(latest).isEqualTo(new RegisteredSchema("s", 4, 9, "\"string\""));
        assertThat(stub.requests().get(0).path()).isEqualTo("/subjects/s/versions/latest");
    }

    @Test
    void shouldSendBasicCredentialsWhenUserInfoIsConfigured() {
        stub.then(200, "{\"id\":1}");

        client(Map.of(RegistryConfig.BASIC_AUTH_USER_INFO, "fred:letmein")).lookupId("s", CallEvent.getClassSchema());

        assertThat(stub.requests().get(0).authorization()).isEqualTo("Basic ZnJlZDpsZXRtZWlu");
        assertThat(stub.requests().get(0).path()).isEqualTo("/subjects/s");
    }

    @Test
    void shouldSendBearerTokenWhenConfigured() {
        stub.then(200, "{\"id\":1}");

        client(Map.of(RegistryConfig.BEARER_AUTH_TOKEN, "tok-123")).register("s", CallEvent.getClassSchema());

        assertThat(stub.requests().get(0).authorization()).isEqualTo("Bearer tok-123");
    }

    @Test
    void shouldRetryWhenRegistryAnswers5xxThenSucceeds() {
        stub.then(503, "{\"error_code\":50003,\"message\":\"busy\"}").then(500, "oops").then(200, "{\"id\":5}");

        int id = client(Map.of()).register("s", CallEvent.getClassSchema());

        assertThat(id).isEqualTo(5);
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void shouldGiveUpWithLastErrorWhenRetriesAreExhausted() {
        stub.always(503, "{\"error_code\":50003,\"message\":\"busy\"}");

        assertThatThrownBy(() -> client(Map.of(RegistryConfig.MAX_RETRIES, "2")).register("s", CallEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.errorCode()).isEqualTo(50003);
                });
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void shouldFailAtOnceWithErrorCodeWhenSchemaIsIncompatible() {
        stub.then(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");

        assertThatThrownBy(() -> client(Map.of()).register("s", CallEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("incompatible").contains("HTTP 409");
                });
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void shouldCarryErrorCodeWhenSchemaIsInvalidOrMissing() {
        stub.then(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}")
                .then(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}")
                .then(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");
        RestSchemaRegistryClient client = client(Map.of());

        assertThatThrownBy(() -> client.register("s", CallEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
        assertThatThrownBy(() -> client.getById(99))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> client.latest("nope"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.isNotFound()).isTrue();
                });
    }

    @Test
    void shouldFailOverToNextUrlWhenFirstIsUnreachable() {
        stub.then(200, "{\"id\":11}");
        int dead = io.callstream.schemas.registry.StubPorts.unused();
        var client = new RestSchemaRegistryClient(RegistryConfig.from(Map.of(
                RegistryConfig.URL, "http://127.0.0.1:" + dead + "," + stub.url(),
                RegistryConfig.RETRY_BACKOFF_MS, "1")));

        assertThat(client.register("s", CallEvent.getClassSchema())).isEqualTo(11);
    }

    @Test
    void shouldTimeOutWhenRegistryDoesNotAnswer() {
        stub.thenSlow(3_000, 200, "{\"id\":1}");

        assertThatThrownBy(() -> client(Map.of(RegistryConfig.REQUEST_TIMEOUT_MS, "200", RegistryConfig.MAX_RETRIES, "0"))
                .register("s", CallEvent.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isRetriable()).isTrue();
                    assertThat(e.getMessage()).contains("unreachable");
                });
    }

    @Test
    void shouldMakeNoRegistryRequestPerRecordWhenWarm() {
        stub.then(200, "{\"id\":21}");
        AvroSerde<CallEvent> serde = AvroSerde.of(CallEvent.class, Map.of(RegistryConfig.URL, stub.url()));

        for (int i = 0; i < 500; i++) {
            byte[] bytes = serde.serializer().serialize(Topics.CALL_EVENTS, SampleRecords.callEvent("call-" + i));
            assertThat(serde.deserializer().deserialize(Topics.CALL_EVENTS, bytes).getCallId()).isEqualTo("call-" + i);
        }

        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void shouldNeverPrintCredentialsWhenConfigIsLogged() {
        var config = RegistryConfig.from(Map.of(RegistryConfig.URL, stub.url(),
                RegistryConfig.BASIC_AUTH_USER_INFO, "fred:letmein", RegistryConfig.BEARER_AUTH_TOKEN, "tok"));

        assertThat(config.toString()).doesNotContain("letmein").doesNotContain("tok,").contains("****");
    }
}

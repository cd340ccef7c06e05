package io.callstream.callbacks.admin;

import static io.callstream.callbacks.admin.AdminClient.ADMIN;
import static io.callstream.callbacks.admin.AdminClient.APP;
import static io.callstream.callbacks.admin.AdminClient.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.callbacks.CallbacksConfig;
import io.callstream.common.auth.TestUserSigs;
import io.callstream.callbacks.store.InMemoryCallbackConfigStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives both API generations over HTTP as the documented samples do, on an in-memory store. */
class CallbackAdminApiTest {

    static final long NOW = 1_764_000_000L;
    static final String SAMPLE_SET = "{\"address\":\"http://www.example.com/callback\","
            + "\"actions\":[\"call_busy\",\"normal_end\",\"caller_start_call\",\"invite_user\",\"callee_reject_call\"]}";
    static final String SAMPLE_CREATE = "{\"Url\":\"http://www.example.com/callback\","
            + "\"CallbackCommandList\":[\"Call.CallbackAfterStartCall\",\"Call.CallbackAfterEndCall\"]}";

    Vertx vertx;
    HttpServer server;
    InMemoryCallbackConfigStore store;
    AdminClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        store = new InMemoryCallbackConfigStore();
        CallbacksConfig config = CallbacksConfig.of(Map.of(
                "callbacks.admins", APP + ":" + ADMIN + ",1400000002:administrator",
                "callbacks.secret.keys", APP + ":" + KEY + ",1400000002:other-key",
                "callbacks.max.body.bytes", "2048"));
        CallbackAdminApi api = CallbackAdminApi.create(vertx, config, store, Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
        Router router = Router.router(vertx);
        api.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
        client = new AdminClient(server.actualPort(), NOW);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    // ---- legacy ----

    @Test
    void shouldAnswerDocumentedSuccessWhenLegacySetIsCalledWithTheSample() {
        AdminClient.Answer a = client.post("/v1/callback/set", SAMPLE_SET);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getInteger("errorCode")).isZero();
        assertThat(a.json().getString("errorMessage")).isEqualTo("Success");
        assertThat(a.json().getString("requestId")).matches("[0-9a-f]{32}");
        assertThat(a.json().getString("data")).isEqualTo("http://www.example.com/callback");
    }

    @Test
    void shouldReturnActionsAndAddressWhenLegacyGetFollowsSet() {
        client.post("/v1/callback/set", SAMPLE_SET);
        JsonObject data = client.post("/v1/callback/get", "{}").json().getJsonObject("data");
        assertThat(data.getString("address")).isEqualTo("http://www.example.com/callback");
        assertThat(data.getJsonArray("actions")).isEqualTo(new JsonArray()
                .add("call_busy").add("normal_end").add("caller_start_call").add("invite_user").add("callee_reject_call"));
    }

    @Test
    void shouldKeepTheLastCallWhenLegacySetIsCalledTwice() {
        client.post("/v1/callback/set", SAMPLE_SET);
        client.post("/v1/callback/update", "{\"address\":\"https://b.example.com/cb\",\"actions\":[\"normal_end\"]}");
        JsonObject data = client.post("/v1/callback/get", "{}").json().getJsonObject("data");
        assertThat(data.getString("address")).isEqualTo("https://b.example.com/cb");
        assertThat(data.getJsonArray("actions")).containsExactly("normal_end");
    }

    @Test
    void shouldAnswerEmptyConfigurationWhenLegacyDeleteRemovedIt() {
        client.post("/v1/callback/set", SAMPLE_SET);
        assertThat(client.post("/v1/callback/delete", "{}").json().getInteger("errorCode")).isZero();
        JsonObject data = client.post("/v1/callback/get", "{}").json().getJsonObject("data");
        assertThat(data.getString("address")).isEmpty();
        assertThat(data.getJsonArray("actions")).isEmpty();
    }

    @Test
    void shouldAnswer70001WhenLegacyAddressDoesNotStartWithHttp() {
        AdminClient.Answer a = client.post("/v1/callback/set", "{\"address\":\"ftp://www.example.com/cb\",\"actions\":[\"normal_end\"]}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getInteger("errorCode")).isEqualTo(70001);
        assertThat(a.json().getString("errorMessage")).contains("http or https");
    }

    @Test
    void shouldAnswer70001WhenLegacyAddressIsLoopbackAndPrivateAddressesAreNotAllowed() {
        AdminClient.Answer a = client.post("/v1/callback/set", "{\"address\":\"http://127.0.0.1:9/cb\",\"actions\":[\"normal_end\"]}");
        assertThat(a.json().getInteger("errorCode")).isEqualTo(70001);
        assertThat(a.json().getString("errorMessage")).contains("callbacks.allow.private.addresses");
    }

    @Test
    void shouldNameTheActionWhenLegacyActionIsUnknown() {
        AdminClient.Answer a = client.post("/v1/callback/set", "{\"address\":\"http://www.example.com/cb\",\"actions\":[\"normal_end\",\"dance\"]}");
        assertThat(a.json().getInteger("errorCode")).isEqualTo(100002);
        assertThat(a.json().getString("errorMessage")).contains("unknown action 'dance'");
    }

    @Test
    void shouldAnswer60011WhenLegacyRateOf10PerSecondIsExceeded() {
        for (int i = 0; i < 10; i++) {
            assertThat(client.post("/v1/callback/get", "{}").json().getInteger("errorCode")).isZero();
        }
        assertThat(client.post("/v1/callback/get", "{}").json().getInteger("errorCode")).isEqualTo(60011);
        assertThat(client.post("/v4/call_config/get_callback", "{}").json().getInteger("ErrorCode")).isEqualTo(100301);
    }

    // ---- newer ----

    @Test
    void shouldAnswer60011WhenV4RateOf200PerSecondIsExceeded() {
        for (int i = 0; i < 200; i++) {
            assertThat(client.post("/v4/call_config/get_callback", "{}").json().getInteger("ErrorCode")).isEqualTo(100301);
        }
        AdminClient.Answer a = client.post("/v4/call_config/get_callback", "{}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getInteger("ErrorCode")).isEqualTo(60011);
        assertThat(a.json().getString("ActionStatus")).isEqualTo("FAIL");
    }

    @Test
    void shouldListTheVerbsWhenTheVerbIsUnknown() {
        AdminClient.Answer a = client.post("/v4/call_config/drop_callback", "{}");
        assertThat(a.json().getInteger("ErrorCode")).isEqualTo(100002);
        assertThat(a.json().getString("ErrorInfo")).contains("create_callback");
    }

    @Test
    void shouldAnswerDocumentedGetWhenV4CallbackWasCreatedWithTheSample() {
        AdminClient.Answer created = client.post("/v4/call_config/create_callback", SAMPLE_CREATE);
        assertThat(created.json().getString("ActionStatus")).isEqualTo("OK");
        assertThat(created.json().getInteger("ErrorCode")).isZero();
        AdminClient.Answer a = client.post("/v4/call_config/get_callback", "{}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().fieldNames()).contains("ActionStatus", "ErrorCode", "ErrorInfo", "RequestId", "Response");
        assertThat(a.json().getString("ErrorInfo")).isEmpty();
        assertThat(a.json().getString("RequestId")).matches("Id-[0-9a-f]{32}-O-Seq-\\d+");
        assertThat(a.json().getJsonObject("Response")).isEqualTo(new JsonObject(SAMPLE_CREATE));
    }

    @Test
    void shouldChangeOnlyTheGivenFieldWhenV4UpdateIsCalled() {
        client.post("/v4/call_config/create_callback", SAMPLE_CREATE);
        client.post("/v4/call_config/update_callback", "{\"CallbackCommandList\":[\"Call.CallbackAfterEndCall\"]}");
        JsonObject r = client.post("/v4/call_config/get_callback", "{}").json().getJsonObject("Response");
        assertThat(r.getString("Url")).isEqualTo("http://www.example.com/callback");
        assertThat(r.getJsonArray("CallbackCommandList")).containsExactly("Call.CallbackAfterEndCall");
    }

    @Test
    void shouldAnswer100301WhenNoV4ConfigurationExists() {
        for (String verb : new String[] {"get_callback", "update_callback", "delete_callback"}) {
            String body = verb.equals("update_callback") ? SAMPLE_CREATE : "{}";
            AdminClient.Answer a = client.post("/v4/call_config/" + verb, body);
            assertThat(a.status()).as(verb).isEqualTo(200);
            assertThat(a.json().getString("ActionStatus")).as(verb).isEqualTo("FAIL");
            assertThat(a.json().getInteger("ErrorCode")).as(verb).isEqualTo(100301);
        }
    }

    @Test
    void shouldAnswer100301WhenGetFollowsV4Delete() {
        client.post("/v4/call_config/create_callback", SAMPLE_CREATE);
        assertThat(client.post("/v4/call_config/delete_callback", "{}").json().getInteger("ErrorCode")).isZero();
        assertThat(client.post("/v4/call_config/get_callback", "{}").json().getInteger("ErrorCode")).isEqualTo(100301);
    }

    @Test
    void shouldAnswer100002WhenV4BodyIsInvalid() {
        assertInvalid("{\"Url\":\"www.example.com\",\"CallbackCommandList\":[\"Call.CallbackAfterStartCall\"]}", "Url");
        assertInvalid("{\"Url\":\"http://www.example.com/cb\",\"CallbackCommandList\":[\"Call.CallbackAfterDance\"]}",
                "unknown command 'Call.CallbackAfterDance'");
        assertInvalid("{\"Url\":\"http://www.example.com/cb\"}", "CallbackCommandList");
        assertInvalid("{not json", "not valid JSON");
        assertInvalid("{\"Url\":\"http://www.example.com/cb\",\"pad\":\"" + "x".repeat(3000) + "\"}", "exceeds 2048 bytes");
    }

    @Test
    void shouldAnswer100001WhenTheConfigurationCannotBeStored() {
        store.failWrites(true);
        AdminClient.Answer a = client.post("/v4/call_config/create_callback", SAMPLE_CREATE);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getInteger("ErrorCode")).isEqualTo(100001);
        assertThat(client.post("/v1/callback/set", SAMPLE_SET).json().getInteger("errorCode")).isEqualTo(100001);
    }

    // ---- common parameters and UserSig ----

    @Test
    void shouldAnswerDocumentedAuthCodesWithHttp200WhenUserSigOrParametersAreWrong() {
        String good = client.sig();
        assertAuth("sdkappid=" + APP + "&identifier=administrator&usersig="
                + TestUserSigs.sign(APP, KEY, ADMIN, 60, NOW - 3600) + "&random=1&contenttype=json", 70001);
        assertAuth("sdkappid=" + APP + "&identifier=administrator&random=1&contenttype=json", 70002);
        assertAuth("sdkappid=" + APP + "&identifier=administrator&usersig=garbage!!&random=1&contenttype=json", 70003);
        assertAuth("sdkappid=" + APP + "&identifier=administrator&usersig="
                + TestUserSigs.sign(APP, "wrong-key", ADMIN, 86400, NOW) + "&random=1&contenttype=json", 70009);
        assertAuth("sdkappid=" + APP + "&identifier=alice&usersig=" + good + "&random=1&contenttype=json", 70013);
        assertAuth("sdkappid=1400000002&identifier=administrator&usersig=" + good + "&random=1&contenttype=json", 70014);
        assertAuth("sdkappid=1400000009&identifier=administrator&usersig=" + good + "&random=1&contenttype=json", 70020);
        assertAuth("sdkappid=abc&identifier=administrator&usersig=" + good + "&random=1&contenttype=json", 70402);
        assertAuth("sdkappid=" + APP + "&identifier=administrator&usersig=" + good + "&random=4294967296&contenttype=json", 70402);
        assertAuth("sdkappid=" + APP + "&identifier=alice&usersig="
                + TestUserSigs.sign(APP, KEY, "alice", 86400, NOW) + "&random=1&contenttype=json", 70403);
    }

    @Test
    void shouldAnswer70402WhenTheQueryStringCannotBeDecoded() throws Exception {
        String query = "sdkappid=" + APP + "&identifier=%ZZ&usersig=" + client.sig() + "&random=1&contenttype=json";

        // A raw socket: HTTP clients refuse to send a malformed query.
        String legacy = rawPost("/v1/callback/get?" + query);
        String v4 = rawPost("/v4/call_config/get_callback?" + query);

        assertThat(legacy).startsWith("HTTP/1.1 200");
        assertThat(body(legacy).getInteger("errorCode")).isEqualTo(70402);
        assertThat(body(legacy).getString("errorMessage")).startsWith("the query string cannot be decoded");
        assertThat(v4).startsWith("HTTP/1.1 200");
        assertThat(body(v4).getInteger("ErrorCode")).isEqualTo(70402);
    }

    /** Sends a request byte for byte as given (no client-side URI checks) and returns the whole answer. */
    private String rawPost(String uri) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static JsonObject body(String answer) {
        return new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    private void assertAuth(String query, int code) {
        AdminClient.Answer legacy = client.postWithQuery("/v1/callback/get", query, "{}");
        assertThat(legacy.status()).as(query).isEqualTo(200);
        assertThat(legacy.json().getInteger("errorCode")).as(query).isEqualTo(code);
        AdminClient.Answer v4 = client.postWithQuery("/v4/call_config/get_callback", query, "{}");
        assertThat(v4.status()).as(query).isEqualTo(200);
        assertThat(v4.json().getString("ActionStatus")).isEqualTo("FAIL");
        assertThat(v4.json().getInteger("ErrorCode")).as(query).isEqualTo(code);
    }

    private void assertInvalid(String body, String message) {
        AdminClient.Answer a = client.post("/v4/call_config/create_callback", body);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getInteger("ErrorCode")).as(body).isEqualTo(100002);
        assertThat(a.json().getString("ErrorInfo")).contains(message);
    }
}

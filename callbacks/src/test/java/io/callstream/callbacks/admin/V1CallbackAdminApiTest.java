package io.callstream.callbacks.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/callback/*} as callkit-v4-and-records.md section 4.2 documents it, over HTTP on an in-memory store. */
class V1CallbackAdminApiTest {

    static final long NOW = 1_764_000_000L;
    /** The set sample of callkit-callbacks.md section 3. */
    static final String SAMPLE_SET = "{\"address\":\"http://www.example.com/callback\","
            + "\"actions\":[\"call_busy\",\"normal_end\",\"caller_start_call\",\"invite_user\",\"callee_reject_call\"]}";
    /** The update example of trtc.io/document/60132. */
    static final String SAMPLE_UPDATE = "{\"address\":\"https://www.example2.com/callback\","
            + "\"actions\":[\"call_busy\",\"cancel\",\"normal_end\"]}";

    AdminApiServer server;
    AdminClient client;

    @BeforeEach
    void start() throws Exception {
        server = new AdminApiServer(Instant.ofEpochSecond(NOW));
        client = new AdminClient(server.port(), NOW);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void shouldAnswerTheAddressAsDataWhenSetIsCalledWithTheSample() {
        AdminClient.Answer a = client.post("/v1/callback/set", SAMPLE_SET);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().fieldNames()).containsExactlyInAnyOrder("errorCode", "errorMessage", "requestId", "data");
        assertThat(a.json().getInteger("errorCode")).isZero();
        assertThat(a.json().getString("errorMessage")).isEqualTo("Success");
        assertThat(a.json().getString("requestId")).matches("[0-9a-f]{32}");
        assertThat(a.json().getString("data")).isEqualTo("http://www.example.com/callback");
    }

    @Test
    void shouldReturnActionsAndAddressWhenGetFollowsSet() {
        client.post("/v1/callback/set", SAMPLE_SET);

        JsonObject data = client.post("/v1/callback/get", "{}").json().getJsonObject("data");

        assertThat(data.getString("address")).isEqualTo("http://www.example.com/callback");
        assertThat(data.getJsonArray("actions")).isEqualTo(new JsonArray()
                .add("call_busy").add("normal_end").add("caller_start_call").add("invite_user").add("callee_reject_call"));
    }

    @Test
    void shouldKeepTheLastCallWhenSetIsCalledTwice() {
        client.post("/v1/callback/set", SAMPLE_SET);
        client.post("/v1/callback/set", "{\"address\":\"https://b.example.com/cb\",\"actions\":[\"normal_end\"]}");

        JsonObject data = client.post("/v1/callback/get", "{}").json().getJsonObject("data");

        assertThat(data.getString("address")).isEqualTo("https://b.example.com/cb");
        assertThat(data.getJsonArray("actions")).containsExactly("normal_end");
    }

    @Test
    void shouldReplaceTheConfigurationWhenTheDocumentedUpdateExampleFollowsSet() {
        client.post("/v1/callback/set", SAMPLE_SET);

        AdminClient.Answer a = client.post("/v1/callback/update", SAMPLE_UPDATE);

        assertThat(a.json().getInteger("errorCode")).isZero();
        assertThat(a.json().getString("data")).isEqualTo("https://www.example2.com/callback");
        assertThat(client.post("/v1/callback/get", "{}").json().getJsonObject("data"))
                .isEqualTo(new JsonObject("{\"actions\":[\"call_busy\",\"cancel\",\"normal_end\"],"
                        + "\"address\":\"https://www.example2.com/callback\"}"));
    }

    @Test
    void shouldAnswer999WhenUpdateFindsNoConfiguration() {
        AdminClient.Answer a = client.post("/v1/callback/update", SAMPLE_UPDATE);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getInteger("errorCode")).isEqualTo(999);
        assertThat(a.json().getString("errorMessage")).contains("no callback configuration");
        assertThat(client.post("/v1/callback/get", "{}").json().getJsonObject("data").getString("address")).isEmpty();
    }

    @Test
    void shouldAnswerEmptyConfigurationWhenGetFollowsDelete() {
        client.post("/v1/callback/set", SAMPLE_SET);

        AdminClient.Answer deleted = client.post("/v1/callback/delete", "{}");

        assertThat(deleted.json().getInteger("errorCode")).isZero();
        assertThat(deleted.json().getString("data")).isEmpty();
        JsonObject data = client.post("/v1/callback/get", "{}").json().getJsonObject("data");
        assertThat(data.getString("address")).isEmpty();
        assertThat(data.getJsonArray("actions")).isEmpty();
    }

    @Test
    void shouldAnswerSuccessWhenDeleteFindsNoConfiguration() {
        assertThat(client.post("/v1/callback/delete", "{}").json().getInteger("errorCode")).isZero();
    }

    @Test
    void shouldAnswer70001WhenAddressDoesNotStartWithHttp() {
        AdminClient.Answer a = client.post("/v1/callback/set", "{\"address\":\"ftp://www.example.com/cb\",\"actions\":[\"normal_end\"]}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getInteger("errorCode")).isEqualTo(70001);
        assertThat(a.json().getString("errorMessage")).contains("http or https");
    }

    @Test
    void shouldAnswer70001WhenAddressIsLoopbackAndPrivateAddressesAreNotAllowed() {
        AdminClient.Answer a = client.post("/v1/callback/set", "{\"address\":\"http://127.0.0.1:9/cb\",\"actions\":[\"normal_end\"]}");

        assertThat(a.json().getInteger("errorCode")).isEqualTo(70001);
        assertThat(a.json().getString("errorMessage")).contains("callbacks.allow.private.addresses");
    }

    @Test
    void shouldAnswer70001WhenAFieldIsMissingOrWrong() {
        assertInvalid("set", "{\"actions\":[\"normal_end\"]}", "address is missing");
        assertInvalid("update", "{\"address\":\"http://www.example.com/cb\"}", "actions is missing or not an array");
        assertInvalid("set", "{\"address\":\"http://www.example.com/cb\",\"actions\":[\"normal_end\",\"dance\"]}",
                "unknown action 'dance'");
        assertInvalid("set", "{\"address\":\"http://www.example.com/cb\",\"pad\":\"" + "x".repeat(3000) + "\"}",
                "exceeds 2048 bytes");
    }

    @Test
    void shouldAnswer70009WhenTheBodyCannotBeParsed() {
        AdminClient.Answer a = client.post("/v1/callback/set", "{\"address\":");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getInteger("errorCode")).isEqualTo(70009);
        assertThat(a.json().getString("errorMessage")).contains("not valid JSON");
    }

    @Test
    void shouldAcceptEveryDocumentedCommandWordWhenSetListsThem() {
        String words = "[\"cancel\",\"reject\",\"not_answer\",\"normal_end\",\"call_busy\",\"interrupt\","
                + "\"caller_start_call\",\"caller_call_accepted\",\"caller_call_missed\",\"caller_call_rejected\",\"caller_cancel_call\","
                + "\"caller_call_failed\",\"caller_call_interrupted\",\"callee_receive_call\",\"callee_accept_call\","
                + "\"callee_not_answer_call\",\"callee_reject_call\",\"callee_ignore_call\",\"callee_call_canceled\","
                + "\"callee_call_interrupted\",\"invite_user\",\"join_in_group_call\"]";

        AdminClient.Answer a = client.post("/v1/callback/set", "{\"address\":\"http://www.example.com/cb\",\"actions\":" + words + "}");

        assertThat(a.json().getInteger("errorCode")).isZero();
        assertThat(client.post("/v1/callback/get", "{}").json().getJsonObject("data").getJsonArray("actions"))
                .isEqualTo(new JsonArray(words));
    }

    @Test
    void shouldAnswer70005WhenTheRateOf10PerSecondIsExceeded() {
        for (int i = 0; i < 10; i++) {
            assertThat(client.post("/v1/callback/get", "{}").json().getInteger("errorCode")).isZero();
        }

        AdminClient.Answer a = client.post("/v1/callback/get", "{}");

        assertThat(a.json().getInteger("errorCode")).isEqualTo(70005);
        assertThat(client.post("/v4/call_config/get_callback", "{}").json().getInteger("ErrorCode")).isEqualTo(100301);
    }

    @Test
    void shouldAnswer70001ListingTheVerbsWhenTheVerbIsUnknown() {
        AdminClient.Answer a = client.post("/v1/callback/create", SAMPLE_SET);

        assertThat(a.json().getInteger("errorCode")).isEqualTo(70001);
        assertThat(a.json().getString("errorMessage"))
                .isEqualTo("unknown API /v1/callback/create; known: set, get, update, delete");
    }

    @Test
    void shouldAnswer100001WhenTheConfigurationCannotBeStored() {
        server.store.failWrites(true);

        AdminClient.Answer a = client.post("/v1/callback/set", SAMPLE_SET);

        assertThat(a.json().getInteger("errorCode")).isEqualTo(100001);
        assertThat(a.json().getString("errorMessage")).startsWith("internal error, retry");
    }

    private void assertInvalid(String verb, String body, String message) {
        AdminClient.Answer a = client.post("/v1/callback/" + verb, body);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getInteger("errorCode")).as(body).isEqualTo(70001);
        assertThat(a.json().getString("errorMessage")).as(body).contains(message);
    }
}

package io.callstream.callbacks.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v4/call_config/*} as callkit-v4-and-records.md section 4.1 documents it, over HTTP on an in-memory store. */
class V4CallbackAdminApiTest {

    static final long NOW = 1_764_000_000L;
    /** The set_callback sample of trtc.io/document/68938. */
    static final String SAMPLE_SET = "{\"Url\":\"https://www.example.com/callback\",\"CallbackCommandList\":["
            + "\"Call.CallbackAfterStartCall\",\"Call.CallbackAfterEndCall\",\"Call.CallbackAfterMemberChanged\"]}";

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
    void shouldAnswerTheCommonEnvelopeOnlyWhenSetCallbackIsCalledWithTheSample() {
        AdminClient.Answer a = client.post("/v4/call_config/set_callback", SAMPLE_SET);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().fieldNames()).containsExactlyInAnyOrder("ActionStatus", "ErrorInfo", "ErrorCode", "RequestId");
        assertThat(a.json().getString("ActionStatus")).isEqualTo("OK");
        assertThat(a.json().getInteger("ErrorCode")).isZero();
        assertThat(a.json().getString("ErrorInfo")).isEmpty();
        assertThat(a.json().getString("RequestId")).matches("Id-[0-9a-f]{32}-O-Seq-\\d+");
    }

    @Test
    void shouldReturnUrlAndCommandsWhenGetCallbackFollowsSetCallback() {
        client.post("/v4/call_config/set_callback", SAMPLE_SET);

        AdminClient.Answer a = client.post("/v4/call_config/get_callback", "{}");

        assertThat(a.json().fieldNames()).containsExactlyInAnyOrder("ActionStatus", "ErrorInfo", "ErrorCode", "RequestId", "Response");
        assertThat(a.json().getInteger("ErrorCode")).isZero();
        assertThat(a.json().getJsonObject("Response")).isEqualTo(new JsonObject(SAMPLE_SET));
    }

    @Test
    void shouldReplaceTheWholeConfigurationWhenSetCallbackIsCalledAgain() {
        client.post("/v4/call_config/set_callback", SAMPLE_SET);

        AdminClient.Answer again = client.post("/v4/call_config/set_callback",
                "{\"Url\":\"http://b.example.com/cb\",\"CallbackCommandList\":[\"Call.CallbackAfterMemberChanged\"]}");

        assertThat(again.json().getInteger("ErrorCode")).isZero();
        JsonObject r = client.post("/v4/call_config/get_callback", "{}").json().getJsonObject("Response");
        assertThat(r.getString("Url")).isEqualTo("http://b.example.com/cb");
        assertThat(r.getJsonArray("CallbackCommandList")).containsExactly("Call.CallbackAfterMemberChanged");
    }

    @Test
    void shouldAnswer100301WhenGetCallbackFindsNoConfiguration() {
        AdminClient.Answer a = client.post("/v4/call_config/get_callback", "{}");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getString("ActionStatus")).isEqualTo("FAIL");
        assertThat(a.json().getInteger("ErrorCode")).isEqualTo(100301);
        assertThat(a.json().containsKey("Response")).isFalse();
    }

    @Test
    void shouldAnswer100301WhenGetCallbackFollowsDeleteCallback() {
        client.post("/v4/call_config/set_callback", SAMPLE_SET);

        AdminClient.Answer deleted = client.post("/v4/call_config/delete_callback", "{}");

        assertThat(deleted.json().getInteger("ErrorCode")).isZero();
        assertThat(deleted.json().fieldNames()).containsExactlyInAnyOrder("ActionStatus", "ErrorInfo", "ErrorCode", "RequestId");
        assertThat(client.post("/v4/call_config/get_callback", "{}").json().getInteger("ErrorCode")).isEqualTo(100301);
    }

    @Test
    void shouldAnswerSuccessWhenDeleteCallbackFindsNoConfiguration() {
        AdminClient.Answer a = client.post("/v4/call_config/delete_callback", "{}");

        assertThat(a.json().getString("ActionStatus")).isEqualTo("OK");
        assertThat(a.json().getInteger("ErrorCode")).isZero();
    }

    @Test
    void shouldAnswer100002WhenSetCallbackBodyIsInvalid() {
        assertInvalid("{\"CallbackCommandList\":[\"Call.CallbackAfterStartCall\"]}", "Url is missing");
        assertInvalid("{\"Url\":\"https://www.example.com/cb\"}", "CallbackCommandList is missing");
        assertInvalid("{\"Url\":\"www.example.com\",\"CallbackCommandList\":[\"Call.CallbackAfterStartCall\"]}", "http or https");
        assertInvalid("{\"Url\":\"http://127.0.0.1:9/cb\",\"CallbackCommandList\":[]}", "callbacks.allow.private.addresses");
        assertInvalid("{\"Url\":\"http://www.example.com/cb\",\"CallbackCommandList\":[\"Call.CallbackAfterDance\"]}",
                "unknown command 'Call.CallbackAfterDance'");
        assertInvalid("{\"Url\":\"http://www.example.com/cb\",\"CallbackCommandList\":\"Call.CallbackAfterEndCall\"}",
                "CallbackCommandList is missing or not an array");
        assertInvalid("{not json", "not valid JSON");
        assertInvalid("[]", "must be a JSON object");
        assertInvalid("{\"Url\":\"http://www.example.com/cb\",\"pad\":\"" + "x".repeat(3000) + "\"}", "exceeds 2048 bytes");
        assertThat(client.post("/v4/call_config/get_callback", "{}").json().getInteger("ErrorCode")).isEqualTo(100301);
    }

    @Test
    void shouldAnswer100002ListingTheDocumentedVerbsWhenAnUndocumentedVerbIsCalled() {
        for (String verb : new String[] {"create_callback", "update_callback", "drop_callback"}) {
            AdminClient.Answer a = client.post("/v4/call_config/" + verb, SAMPLE_SET);

            assertThat(a.status()).as(verb).isEqualTo(200);
            assertThat(a.json().getInteger("ErrorCode")).as(verb).isEqualTo(100002);
            assertThat(a.json().getString("ErrorInfo")).as(verb).isEqualTo("unknown API /v4/call_config/" + verb
                    + "; known: set_callback, get_callback, delete_callback");
        }
        assertThat(client.post("/v4/call_config/get_callback", "{}").json().getInteger("ErrorCode")).isEqualTo(100301);
    }

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
    void shouldAnswer100001WhenTheConfigurationCannotBeStored() {
        server.store.failWrites(true);

        AdminClient.Answer set = client.post("/v4/call_config/set_callback", SAMPLE_SET);
        AdminClient.Answer delete = client.post("/v4/call_config/delete_callback", "{}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().getInteger("ErrorCode")).isEqualTo(100001);
        assertThat(set.json().getString("ErrorInfo")).startsWith("internal error, retry");
        assertThat(delete.json().getInteger("ErrorCode")).isEqualTo(100001);
    }

    private void assertInvalid(String body, String message) {
        AdminClient.Answer a = client.post("/v4/call_config/set_callback", body);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().getString("ActionStatus")).as(body).isEqualTo("FAIL");
        assertThat(a.json().getInteger("ErrorCode")).as(body).isEqualTo(100002);
        assertThat(a.json().getString("ErrorInfo")).as(body).contains(message);
    }

    @Test
    void shouldEnableADisabledAddressWhenTheAdministratorAsks() {
        client.post("/v4/call_config/set_callback", SAMPLE_SET);
        server.store.update(AdminClient.APP, c -> c.disable(c.v4().orElseThrow().address(), 1_000)).join();
        assertThat(server.store.get(AdminClient.APP).orElseThrow().v4().orElseThrow().disabled()).isTrue();

        AdminClient.Answer a = client.post("/callstream/callbacks/enable", "{}");

        assertThat(a.json().getInteger("ErrorCode")).as(a.json().encode()).isZero();
        assertThat(a.json().getJsonObject("Response").getInteger("Enabled")).isEqualTo(1);
        assertThat(server.store.get(AdminClient.APP).orElseThrow().v4().orElseThrow().disabled()).isFalse();
    }

    @Test
    void shouldEnableADisabledAddressWhenTheAdministratorSetsTheCallbackAgain() {
        client.post("/v4/call_config/set_callback", SAMPLE_SET);
        server.store.update(AdminClient.APP, c -> c.disable(c.v4().orElseThrow().address(), 1_000)).join();

        client.post("/v4/call_config/set_callback", SAMPLE_SET);

        assertThat(server.store.get(AdminClient.APP).orElseThrow().v4().orElseThrow().disabled()).isFalse();
    }

    @Test
    void shouldAnswer100002WhenTheReplayRangeIsMissingOrEmpty() {
        AdminClient.Answer a = client.post("/callstream/callbacks/replay", "{\"StartTime\":10,\"EndTime\":10}");

        assertThat(a.json().getInteger("ErrorCode")).isEqualTo(100002);
        assertThat(a.json().getString("ErrorInfo")).contains("StartTime and EndTime");
    }

    @Test
    void shouldRefuseTheReplayWhenTheUserSigIsNotTheAdministrators() {
        AdminClient.Answer a = client.postWithQuery("/callstream/callbacks/replay", "sdkappid=" + AdminClient.APP
                + "&identifier=administrator&usersig=bad&random=1&contenttype=json", "{\"StartTime\":1,\"EndTime\":2}");

        assertThat(a.json().getInteger("ErrorCode")).isEqualTo(70003);
    }

    @Test
    void shouldNameTheAppAndTheRequestIdInTheLogLineWhenAnAdminCallIsAnsweredOrRefused() {
        List<Map<String, String>> mdc = new CopyOnWriteArrayList<>();
        List<String> messages = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                messages.add(e.getFormattedMessage());
                mdc.add(Map.copyOf(e.getMDCPropertyMap())); // read while the call's MDC is set
            }
        };
        Logger logger = (Logger) LoggerFactory.getLogger(CallbackAdminApi.class);
        appender.start();
        logger.addAppender(appender);
        try {
            AdminClient.Answer ok = client.post("/v4/call_config/set_callback", SAMPLE_SET);
            AdminClient.Answer refused = client.postWithQuery("/v4/call_config/get_callback", "sdkappid=" + AdminClient.APP
                    + "&identifier=administrator&usersig=bad&random=1&contenttype=json", "{}");

            org.awaitility.Awaitility.await().until(() -> messages.size() >= 2);
            assertThat(messages.get(0)).startsWith("admin set_callback for SDKAppID " + AdminClient.APP);
            assertThat(mdc.get(0)).containsEntry("sdkAppId", String.valueOf(AdminClient.APP))
                    .containsEntry("requestId", ok.json().getString("RequestId"));
            assertThat(messages.get(1)).startsWith("admin get_callback refused");
            assertThat(mdc.get(1)).containsEntry("sdkAppId", String.valueOf(AdminClient.APP))
                    .containsEntry("requestId", refused.json().getString("RequestId"));
        } finally {
            logger.detachAppender(appender);
        }
    }
}

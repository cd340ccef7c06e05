package io.callstream.callbacks.admin;

import static io.callstream.callbacks.admin.AdminClient.ADMIN;
import static io.callstream.callbacks.admin.AdminClient.APP;
import static io.callstream.callbacks.admin.AdminClient.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.tencentyun.TLSSigAPIv2;
import io.callstream.common.auth.TestUserSigs;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The common parameters and the UserSig of both API generations, with UserSigs made by Tencent's own
 * {@code tls-sig-api-v2} library and by an independent generator; each generation answers its own code
 * for the same fault (callkit-v4-and-records.md sections 7 and 8.1).
 */
class AdminAuthenticationTest {

    static final String V1_SET = "{\"address\":\"https://www.example.com/callback\",\"actions\":[\"normal_end\"]}";
    static final String V4_SET = "{\"Url\":\"https://www.example.com/callback\",\"CallbackCommandList\":[\"Call.CallbackAfterEndCall\"]}";

    AdminApiServer server;
    long now;

    @BeforeEach
    void start() throws Exception {
        now = Instant.now().getEpochSecond();
        server = new AdminApiServer(Instant.ofEpochSecond(now));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void shouldServeEveryVerbWhenTheUserSigWasMadeByTencentsLibrary() {
        String sig = new TLSSigAPIv2(APP, KEY).genUserSig(ADMIN, 86400);
        AdminClient client = new AdminClient(server.port(), now);

        assertThat(v4(client, sig, "set_callback", V4_SET).getInteger("ErrorCode")).isZero();
        assertThat(v4(client, sig, "get_callback", "{}").getJsonObject("Response")).isEqualTo(new JsonObject(V4_SET));
        assertThat(v4(client, sig, "delete_callback", "{}").getInteger("ErrorCode")).isZero();
        assertThat(v1(client, sig, "set", V1_SET).getString("data")).isEqualTo("https://www.example.com/callback");
        assertThat(v1(client, sig, "update", V1_SET).getInteger("errorCode")).isZero();
        assertThat(v1(client, sig, "get", "{}").getJsonObject("data").getString("address")).isEqualTo("https://www.example.com/callback");
        assertThat(v1(client, sig, "delete", "{}").getInteger("errorCode")).isZero();
    }

    @Test
    void shouldAnswer70001InV4And70003InV1WhenTencentsUserSigHasExpired() {
        String sig = new TLSSigAPIv2(APP, KEY).genUserSig(ADMIN, 60);
        server.clock.set(Instant.ofEpochSecond(now + 120));
        AdminClient client = new AdminClient(server.port(), now);

        assertThat(v4(client, sig, "get_callback", "{}").getInteger("ErrorCode")).isEqualTo(70001);
        assertThat(v1(client, sig, "get", "{}").getInteger("errorCode")).isEqualTo(70003);
    }

    @Test
    void shouldAnswer70009InV4And70002InV1WhenTencentsUserSigUsedAnotherKey() {
        String sig = new TLSSigAPIv2(APP, "not-the-key").genUserSig(ADMIN, 86400);
        AdminClient client = new AdminClient(server.port(), now);

        assertThat(v4(client, sig, "set_callback", V4_SET).getInteger("ErrorCode")).isEqualTo(70009);
        assertThat(v1(client, sig, "set", V1_SET).getInteger("errorCode")).isEqualTo(70002);
        assertThat(v4(client, new TLSSigAPIv2(APP, KEY).genUserSig(ADMIN, 86400), "get_callback", "{}")
                .getInteger("ErrorCode")).as("nothing was stored").isEqualTo(100301);
    }

    @Test
    void shouldAnswer70403InV4And70004InV1WhenTencentsUserSigIsForANonAdministrator() {
        String sig = new TLSSigAPIv2(APP, KEY).genUserSig("alice", 86400);
        AdminClient client = new AdminClient(server.port(), now);
        String query = "sdkappid=" + APP + "&identifier=alice&usersig=" + sig + "&random=1&contenttype=json";

        assertThat(client.postWithQuery("/v4/call_config/set_callback", query, V4_SET).json().getInteger("ErrorCode")).isEqualTo(70403);
        assertThat(client.postWithQuery("/v1/callback/set", query, V1_SET).json().getInteger("errorCode")).isEqualTo(70004);
    }

    /** Each fault of the common parameters or the UserSig, with the v4 (Chat REST) code and the v1 (CallKit) code. */
    @ParameterizedTest(name = "{0}: v4 {2}, v1 {3}")
    @CsvSource(delimiter = '|', value = {
        "expired UserSig          | sdkappid=APP&identifier=administrator&usersig=EXPIRED&random=1&contenttype=json   | 70001 | 70003",
        "no usersig               | sdkappid=APP&identifier=administrator&random=1&contenttype=json                   | 70002 | 70002",
        "UserSig not decodable    | sdkappid=APP&identifier=administrator&usersig=garbage!!&random=1&contenttype=json | 70003 | 70002",
        "UserSig of another key   | sdkappid=APP&identifier=administrator&usersig=WRONGKEY&random=1&contenttype=json  | 70009 | 70002",
        "identifier not the sig's | sdkappid=APP&identifier=alice&usersig=GOOD&random=1&contenttype=json              | 70013 | 70002",
        "sdkappid not the sig's   | sdkappid=1400000002&identifier=administrator&usersig=GOOD&random=1&contenttype=json | 70014 | 70002",
        "SDKAppID unknown here    | sdkappid=1400000009&identifier=administrator&usersig=GOOD&random=1&contenttype=json | 70020 | 70001",
        "sdkappid not a number    | sdkappid=abc&identifier=administrator&usersig=GOOD&random=1&contenttype=json      | 70402 | 70001",
        "random out of range      | sdkappid=APP&identifier=administrator&usersig=GOOD&random=4294967296&contenttype=json | 70402 | 70001",
        "not an administrator     | sdkappid=APP&identifier=alice&usersig=ALICE&random=1&contenttype=json             | 70403 | 70004",
    })
    void shouldAnswerEachGenerationsCodeWhenAParameterOrTheUserSigIsWrong(String fault, String template, int v4Code, int v1Code) {
        AdminClient client = new AdminClient(server.port(), now);
        String query = template.replace("APP", Long.toString(APP))
                .replace("EXPIRED", TestUserSigs.sign(APP, KEY, ADMIN, 60, now - 3600))
                .replace("WRONGKEY", TestUserSigs.sign(APP, "wrong-key", ADMIN, 86400, now))
                .replace("ALICE", TestUserSigs.sign(APP, KEY, "alice", 86400, now))
                .replace("GOOD", client.sig());

        AdminClient.Answer v4 = client.postWithQuery("/v4/call_config/get_callback", query, "{}");
        AdminClient.Answer v1 = client.postWithQuery("/v1/callback/get", query, "{}");

        assertThat(v4.status()).isEqualTo(200);
        assertThat(v4.json().getString("ActionStatus")).isEqualTo("FAIL");
        assertThat(v4.json().getInteger("ErrorCode")).as(fault).isEqualTo(v4Code);
        assertThat(v1.status()).isEqualTo(200);
        assertThat(v1.json().getInteger("errorCode")).as(fault).isEqualTo(v1Code);
        assertThat(v1.json().getString("errorMessage")).as(fault).isEqualTo(v4.json().getString("ErrorInfo"));
    }

    @Test
    void shouldAnswer70402InV4And70001InV1WhenTheQueryStringCannotBeDecoded() throws Exception {
        String query = "sdkappid=" + APP + "&identifier=%ZZ&usersig=" + new AdminClient(server.port(), now).sig()
                + "&random=1&contenttype=json";

        // A raw socket: HTTP clients refuse to send a malformed query.
        String legacy = rawPost("/v1/callback/get?" + query);
        String v4 = rawPost("/v4/call_config/get_callback?" + query);

        assertThat(legacy).startsWith("HTTP/1.1 200");
        assertThat(body(legacy).getInteger("errorCode")).isEqualTo(70001);
        assertThat(body(legacy).getString("errorMessage")).startsWith("the query string cannot be decoded");
        assertThat(v4).startsWith("HTTP/1.1 200");
        assertThat(body(v4).getInteger("ErrorCode")).isEqualTo(70402);
    }

    private static JsonObject v4(AdminClient client, String sig, String verb, String body) {
        return client.postWithQuery("/v4/call_config/" + verb, query(sig), body).json();
    }

    private static JsonObject v1(AdminClient client, String sig, String verb, String body) {
        return client.postWithQuery("/v1/callback/" + verb, query(sig), body).json();
    }

    private static String query(String sig) {
        return "sdkappid=" + APP + "&identifier=" + ADMIN + "&usersig=" + sig + "&random=2864386315&contenttype=json";
    }

    @Test
    void shouldServeTheAdministratorWhenAnotherAddressSentManyBadUserSigsForTheApp() throws Exception {
        for (int i = 0; i < 120; i++) {
            JsonObject refused = body(rawPostFrom("127.0.0.2", "/v1/callback/get?" + query("not-a-usersig")));
            assertThat(refused.getInteger("errorCode")).isNotZero();
        }

        JsonObject answer = body(rawPostFrom("127.0.0.1", "/v1/callback/get?" + query(TestUserSigs.sign(APP, KEY, ADMIN, 86400, now))));

        assertThat(answer.getInteger("errorCode")).isZero();
        assertThat(body(rawPostFrom("127.0.0.2", "/v1/callback/get?" + query(TestUserSigs.sign(APP, KEY, ADMIN, 86400, now))))
                .getString("errorMessage")).contains("too many failed authentications from 127.0.0.2");
    }

    /** Sends a request byte for byte as given (no client-side URI checks) and returns the whole answer. */
    private String rawPost(String uri) throws Exception {
        return rawPostFrom("127.0.0.1", uri);
    }

    private String rawPostFrom(String localAddress, String uri) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getByName("127.0.0.1"), server.port(),
                java.net.InetAddress.getByName(localAddress), 0)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonObject body(String answer) {
        return new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }
}

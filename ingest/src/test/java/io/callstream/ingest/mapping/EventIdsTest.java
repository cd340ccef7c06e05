package io.callstream.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The eventId as defined: SHA-256 over the UTF-8 bytes of the JDK's encoding of the id text. */
    private static String reference(Webhook webhook, JsonNode body) throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append(webhook.sdkAppId()).append('\n')
                .append(body.path("CallId").asText()).append('\n')
                .append(body.path("UserId").asText()).append('\n')
                .append(body.path("Event").asText()).append('\n')
                .append(body.path("EventTime").asText()).append('\n');
        EventIds.canonical(body, sb);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "ümlaut é", "中文用户", "emoji 😀 here", "lone \\ud800 high", "lone \\udc00 low",
        "pair at end \\ud83d\\ude00", "control \\u0001 \\n", ""})
    void shouldHashTheJdkUtf8BytesWhenTextHasAnyCharacters(String user) throws Exception {
        JsonNode body = JSON.readTree("{\"CallId\":\"c1\",\"UserId\":\"" + user + "\",\"Event\":\"start_call\","
                + "\"EventTime\":1740464128,\"Note\":\"" + user.repeat(5) + "\"}");
        Webhook webhook = new Webhook(7L, "caller_start_call", null, null, new byte[0]);

        assertThat(EventIds.of(webhook, body)).isEqualTo(reference(webhook, body));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 300, 1023, 1024, 1025, 5000, 40_000})
    void shouldHashTheJdkUtf8BytesWhenTheTextIsLongerThanOneChunk(int repeat) throws Exception {
        String big = "é😀a".repeat(repeat);
        JsonNode body = JSON.readTree("{\"CallId\":\"c1\",\"UserId\":\"u\",\"Event\":\"e\",\"Big\":\"" + big + "\"}");
        Webhook webhook = new Webhook(7L, null, null, null, new byte[0]);

        assertThat(EventIds.of(webhook, body)).isEqualTo(reference(webhook, body));
        assertThat(EventIds.of(webhook, body)).isEqualTo(reference(webhook, body)); // the reused buffers again
    }
}

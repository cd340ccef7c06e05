package io.callstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.ingest.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final Instant T = Instant.parse("2026-01-08T06:32:46Z");

    @Test
    void shouldKeepBodyAsTextWhenItIsValidUtf8() {
        JsonObject dl = dlq("{\"CallId\":\"c1\",\"UserId\":\"Zoë\"".getBytes(StandardCharsets.UTF_8));

        assertThat(dl.getJsonObject("request").getString("bodyEncoding")).isEqualTo("utf8");
        assertThat(dl.getJsonObject("request").getString("body")).isEqualTo("{\"CallId\":\"c1\",\"UserId\":\"Zoë\"");
        assertThat(dl.getJsonObject("error").getInteger("code")).isEqualTo(40001);
        assertThat(dl.getJsonObject("error").getInteger("status")).isEqualTo(400);
        assertThat(dl.getString("time")).isEqualTo("2026-01-08T06:32:46Z");
        assertThat(dl.getJsonObject("request").getJsonObject("query").getString("sdkappid")).isEqualTo("1");
        assertThat(dl.getJsonObject("request").getJsonObject("headers").getString("content-type")).isEqualTo("application/json");
    }

    @Test
    void shouldEncodeBodyAsBase64WhenItIsNotValidUtf8() {
        byte[] body = {'{', (byte) 0xC3, (byte) 0x28, '}'};

        JsonObject dl = dlq(body);

        assertThat(dl.getJsonObject("request").getString("bodyEncoding")).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(dl.getJsonObject("request").getString("body"))).isEqualTo(body);
    }

    private static JsonObject dlq(byte[] body) {
        return new JsonObject(new String(DeadLetter.toJson(new DeadLetter.Request("POST", "/callbacks/callkit",
                "sdkappid=1", Map.of("sdkappid", "1"), Map.of("content-type", "application/json"), "127.0.0.1:5555", body),
                ErrorCode.MALFORMED_JSON, "body: malformed JSON", T), StandardCharsets.UTF_8));
    }
}

package io.callstream.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallbackFamily;
import io.callstream.deploy.traffic.WebhookRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MutatorTest {

    private static final int LIMIT = 65_536;
    private final Mutator mutator = new Mutator(1400000001L, "127.0.0.1:8080", LIMIT);
    private final WebhookRequest webhook = new WebhookRequest("call-1", CallbackFamily.V1_EVENT, "start_call",
            "caller_start_call", "iOS", "10.0.0.7",
            "{\"CallId\":\"call-1\",\"UserId\":\"alice\",\"Event\":\"start_call\",\"EventTime\":1740464128}");

    @Test
    void shouldTagBodyAndHeaderWithTheRequestIdWhenValid() {
        RawRequest q = mutator.build("fz-1", FuzzKind.VALID, webhook, new Random(1));

        String text = new String(q.bytes(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("POST /callbacks/callkit?sdkappid=1400000001&command=caller_start_call")
                .contains("\r\nX-Request-Id: fz-1\r\n").endsWith("{\"FuzzId\":\"fz-1\",\"CallId\":\"call-1\","
                        + "\"UserId\":\"alice\",\"Event\":\"start_call\",\"EventTime\":1740464128}");
        assertThat(q.hasFuzzId()).isTrue();
        assertThat(q.abortAfter()).isEqualTo(-1);
    }

    @Test
    void shouldSendBodyOfExactlyTheLimitWhenValidAtLimit() {
        RawRequest q = mutator.build("fz-2", FuzzKind.VALID_AT_LIMIT, webhook, new Random(2));

        assertThat(body(q)).hasSize(LIMIT);
        assertThat(header(q)).endsWith("Content-Length: " + LIMIT);
    }

    @Test
    void shouldSendBodyOverTheLimitOnItsOwnConnectionWhenOverLimit() {
        RawRequest q = mutator.build("fz-3", FuzzKind.OVER_LIMIT, webhook, new Random(3));

        assertThat(body(q).length).isGreaterThan(LIMIT);
        assertThat(q.fresh()).isTrue();
    }

    @Test
    void shouldEncodeTheSameBodyInChunksWhenValidChunked() {
        RawRequest q = mutator.build("fz-4", FuzzKind.VALID_CHUNKED, webhook, new Random(4));

        assertThat(header(q)).contains("Transfer-Encoding: chunked").doesNotContain("Content-Length");
        assertThat(new String(dechunk(body(q)), StandardCharsets.UTF_8)).isEqualTo(Mutator.tag(webhook.body(), "fz-4"));
    }

    @Test
    void shouldCutTheRequestInsideTheBodyWhenAbortMidBody() {
        for (int seed = 0; seed < 50; seed++) {
            RawRequest q = mutator.build("fz-5", FuzzKind.ABORT_MID_BODY, webhook, new Random(seed));

            int headerLength = header(q).length() + 4;
            assertThat(q.abortAfter()).isBetween(headerLength, q.bytes().length - 1);
            assertThat(q.kind().answered()).isFalse();
        }
    }

    @Test
    void shouldKeepTheFuzzIdIntactWhenBreakingJson() {
        for (int seed = 0; seed < 200; seed++) {
            RawRequest q = mutator.build("fz-6", FuzzKind.BROKEN_JSON, webhook, new Random(seed));

            assertThat(new String(body(q), StandardCharsets.UTF_8)).startsWith("{\"FuzzId\":\"fz-6\",");
        }
    }

    @Test
    void shouldPutInvalidUtf8IntoTheBodyWhenInvalidUtf8() {
        RawRequest q = mutator.build("fz-7", FuzzKind.INVALID_UTF8, webhook, new Random(7));

        byte[] b = body(q);
        assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b), java.nio.CharBuffer.allocate(
                b.length), true).isError()).isTrue();
    }

    private static String header(RawRequest q) {
        String all = new String(q.bytes(), StandardCharsets.ISO_8859_1);
        return all.substring(0, all.indexOf("\r\n\r\n"));
    }

    private static byte[] body(RawRequest q) {
        int at = header(q).length() + 4;
        return Arrays.copyOfRange(q.bytes(), at, q.bytes().length);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String s = new String(chunked, StandardCharsets.ISO_8859_1);
        int i = 0;
        while (true) {
            int eol = s.indexOf("\r\n", i);
            int n = Integer.parseInt(s.substring(i, eol), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(chunked, eol + 2, n);
            i = eol + 2 + n + 2;
        }
    }
}

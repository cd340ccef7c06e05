package io.callstream.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.ingest.fixtures.Callbacks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Bad input never escapes as anything but a {@link WebhookRejectedException} (a 4xx, never a 5xx). */
class WebhookMapperFuzzTest {

    private static final byte[] ALPHABET = "{}[]\":,0123456789-.eEtrufalsn \\x".getBytes(StandardCharsets.US_ASCII);

    private final WebhookMapper mapper = new WebhookMapper(Clock.systemUTC());

    @Test
    void shouldOnlyRejectWhenBodyIsRandomBytesOrAMutatedCallback() {
        Random random = new Random(42);
        byte[] valid = Callbacks.startCall("fuzz").encode().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            byte[] body = i % 2 == 0 ? randomBytes(random) : mutate(valid, random);
            try {
                mapper.map(new Webhook(1L, i % 3 == 0 ? "caller_start_call" : null, null, null, body));
            } catch (WebhookRejectedException e) {
                assertThat(e.error().status()).isEqualTo(400);
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void shouldOnlyRejectWhenAV4OrStatusExampleOfTheDocsIsMutated() {
        Random random = new Random(7);
        List<byte[]> examples = Stream.of(Callbacks.V4_START_CALL, Callbacks.V4_END_CALL, Callbacks.V4_MEMBER_CHANGED,
                Callbacks.V1_STATUS).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        for (int i = 0; i < 20_000; i++) {
            byte[] body = mutate(examples.get(i % examples.size()), random);
            try {
                mapper.map(new Webhook(1L, i % 3 == 0 ? "Call.CallbackAfterEndCall" : null, null, null, body));
            } catch (WebhookRejectedException e) {
                assertThat(e.error().status()).isEqualTo(400);
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void shouldRejectWhenNestingIsExtreme() {
        String deep = "{\"CallId\":\"c\",\"UserId\":\"u\",\"Event\":\"start_call\",\"X\":" + "[".repeat(5000)
                + "]".repeat(5000) + "}";
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> mapper.map(new Webhook(1L, null, null, null, deep.getBytes(StandardCharsets.UTF_8))));

        assertThat(t).isInstanceOf(WebhookRejectedException.class);
        assertThat(((WebhookRejectedException) t).error().status()).isEqualTo(400);
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length);
            b[at] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return b;
    }
}

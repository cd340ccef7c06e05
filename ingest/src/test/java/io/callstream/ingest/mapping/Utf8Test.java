package io.callstream.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void shouldAgreeWithTheJdkDecoderWhenGivenEveryShortSequence() {
        // every 1- and 2-byte sequence, and every 3- and 4-byte sequence over lead bytes C0..FF with
        // the continuation bytes that sit on the boundaries of Table 3-7 and some outside
        int[] tails = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        int checked = 0;
        for (int a = 0; a < 256; a++) {
            checked += check(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                checked += check(new byte[] {(byte) a, (byte) b});
            }
        }
        for (int a = 0xC0; a < 256; a++) {
            for (int b : tails) {
                for (int c : tails) {
                    checked += check(new byte[] {(byte) a, (byte) b, (byte) c});
                    for (int d : tails) {
                        checked += check(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(65_000);
    }

    @Test
    void shouldAgreeWithTheJdkDecoderWhenGivenRandomText() {
        Random random = new Random(19);
        String alphabet = "aZ09\"{}é€😀中\u0000\u07FF\uFFFD";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.firstInvalid(bytes)).isEqualTo(-1);
            if (bytes.length > 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // often makes it invalid
                check(bytes);
            }
        }
    }

    @Test
    void shouldPointAtTheBadSequenceWhenTextIsInvalid() {
        byte[] body = {'a', 'b', (byte) 0xE2, (byte) 0x82, 'c'};

        assertThat(Utf8.firstInvalid(body)).isEqualTo(2);
    }

    private static int check(byte[] bytes) {
        boolean jdkValid;
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            jdkValid = true;
        } catch (CharacterCodingException e) {
            jdkValid = false;
        }
        assertThat(Utf8.firstInvalid(bytes) < 0).as("valid: %s", java.util.HexFormat.of().formatHex(bytes))
                .isEqualTo(jdkValid);
        return 1;
    }
}

package io.callstream.ingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Configured as the mapper's parser is. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The eventId as defined: SHA-256 over the UTF-8 bytes of the JDK's encoding of the id text. */
    private static String reference(Webhook webhook, JsonNode body) throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append(webhook.sdkAppId()).append('\n')
                .append(body.path("CallId").asText()).append('\n')
                .append(body.path("UserId").asText()).append('\n')
                .append(body.path("Event").asText()).append('\n')
                .append(body.path("EventTime").asText()).append('\n');
        LegacyEventIds.canonical(body, sb);
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

    @Test
    void shouldGiveTheIdsOfThePreviousImplementationWhenBodiesAreRandom() throws Exception {
        Random random = new Random(20261206);
        for (int i = 0; i < 2_000; i++) {
            String text = randomBody(random);
            JsonNode body = STRICT.readTree(text);
            Webhook webhook = new Webhook(random.nextInt(3) == 0 ? -random.nextLong() : random.nextLong(),
                    null, null, null, text.getBytes(StandardCharsets.UTF_8));

            assertThat(EventIds.of(webhook, body)).as(text).isEqualTo(LegacyEventIds.of(webhook, body));
            assertThat(EventIds.of(webhook, body)).as(text).isEqualTo(reference(webhook, body));
            for (Iterator<JsonNode> it = body.elements(); it.hasNext(); ) {
                JsonNode value = it.next();
                assertThat(EventIds.jsonText(value)).as(text).isEqualTo(LegacyEventIds.jsonText(value));
            }
        }
    }

    @Test
    void shouldGiveTheSameIdWhenKeysAreReorderedAndWhitespaceAdded() throws Exception {
        Random random = new Random(11);
        int checked = 0;
        for (int i = 0; i < 500; i++) {
            String text = randomBody(random);
            JsonNode body = STRICT.readTree(text);
            JsonNode reordered = STRICT.readTree(reorder(body, random));
            Webhook webhook = new Webhook(1_400_000_001L, null, null, null, new byte[0]);
            // (Jackson's writer cannot reproduce some values exactly, e.g. lone surrogates; those bodies are skipped)
            if (reordered.equals(body)) {
                assertThat(EventIds.of(webhook, reordered)).as(text).isEqualTo(EventIds.of(webhook, body));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void shouldGiveTheIdsOfThePreviousImplementationWhenTheIdFieldsHaveAnyType() throws Exception {
        String[] values = {"\"c1\"", "\"\"", "17", "-17", "9223372036854775807", "92233720368547758070", "1.5", "-0.0",
            "1e400", "1E2", "true", "false", "null", "{\"a\":1}", "[1,\"x\"]", "\"\\ud800\"", "\"é😀\\n\""};
        Webhook webhook = new Webhook(Long.MIN_VALUE, null, null, null, new byte[0]);
        for (String v : values) {
            for (String field : List.of("CallId", "UserId", "Event", "EventTime")) {
                JsonNode body = STRICT.readTree("{\"" + field + "\":" + v + ",\"Z\":" + v + "}");

                assertThat(EventIds.of(webhook, body)).as(field + "=" + v).isEqualTo(LegacyEventIds.of(webhook, body));
            }
        }
    }

    @Test
    void shouldGiveTheIdsOfThePreviousImplementationWhenManyBodiesShareTheirKeys() throws Exception {
        Random random = new Random(3);
        List<String> keys = new ArrayList<>(List.of("UserId", "RoomId", "TotalNum", "MediaType", "CallType", "CallId",
                "Role", "Event", "CallResult", "EventTime", "StartCallTs", "AcceptTs", "EndTs"));
        List<List<String>> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Collections.shuffle(keys, random);
            orders.add(List.copyOf(keys));
        }
        for (int i = 0; i < 1_000; i++) {
            List<String> order = orders.get(random.nextInt(orders.size()));
            int n = order.size() - random.nextInt(2); // sometimes one key fewer: a shape of its own
            StringBuilder sb = new StringBuilder("{");
            for (int k = 0; k < n; k++) {
                sb.append(k > 0 ? "," : "").append('"').append(order.get(k)).append("\":");
                value(random, sb, 3);
            }
            JsonNode body = STRICT.readTree(sb.append('}').toString());
            Webhook webhook = new Webhook(1_400_000_001L, null, null, null, new byte[0]);

            assertThat(EventIds.of(webhook, body)).as(sb.toString()).isEqualTo(LegacyEventIds.of(webhook, body));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 33, 64, 65, 2000})
    void shouldGiveTheIdsOfThePreviousImplementationWhenObjectsHaveManyKeys(int keys) throws Exception {
        Random random = new Random(keys);
        StringBuilder sb = new StringBuilder("{\"CallId\":\"c\",\"Nested\":{");
        for (int i = 0; i < keys; i++) {
            sb.append(i > 0 ? "," : "").append("\"k").append(random.nextInt(1_000_000)).append('_').append(i)
                    .append("\":{\"b\":").append(i).append(",\"a\":[{\"z\":1,\"y\":2}]}");
        }
        JsonNode body = STRICT.readTree(sb.append("}}").toString());
        Webhook webhook = new Webhook(7L, null, null, null, new byte[0]);

        assertThat(EventIds.of(webhook, body)).isEqualTo(LegacyEventIds.of(webhook, body));
        assertThat(EventIds.of(webhook, body)).isEqualTo(LegacyEventIds.of(webhook, body)); // the reused buffers again
        assertThat(EventIds.jsonText(body.get("Nested"))).isEqualTo(LegacyEventIds.jsonText(body.get("Nested")));
    }

    // --- random JSON: nested objects and arrays, unicode, escapes, numbers in every form ---

    private static final String[] KEYS = {"CallId", "callId", "CALLID", "UserId", "Event", "EventTime", "a", "A", "b",
        "_", "Z", "aa", "ab", "é", "中", "😀", "k".repeat(64), "k".repeat(65), "é".repeat(70), "\\u0001", "\\\"q\\\"", "k\\nl", "", " ", "User_Account", "x.y", "[0]"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "42", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
        "0.5", "-0.0", "1.0", "1.50", "3.141592653589793", "1e5", "1E5", "1e+5", "1e-7", "2.5E-3", "-1.25e10",
        "1e308", "1e400", "-1e400", "4.9e-324", "1e-400", "0.1", "100.0e0", "1740464128807", "1704695566"};

    private static String randomBody(Random r) {
        StringBuilder sb = new StringBuilder();
        List<String> keys = new ArrayList<>(List.of(KEYS));
        Collections.shuffle(keys, r);
        int n = 1 + r.nextInt(10);
        sb.append('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',').append(r.nextBoolean() ? " " : "");
            }
            sb.append('"').append(keys.get(i)).append("\":");
            value(r, sb, 0);
        }
        return sb.append(r.nextBoolean() ? "}\n" : "}").toString();
    }

    private static void value(Random r, StringBuilder sb, int depth) {
        int kind = r.nextInt(depth > 4 ? 5 : 8);
        switch (kind) {
            case 0, 1 -> sb.append('"').append(randomString(r)).append('"');
            case 2 -> sb.append(NUMBERS[r.nextInt(NUMBERS.length)]);
            case 3 -> sb.append(r.nextBoolean() ? "true" : "false");
            case 4 -> sb.append("null");
            case 5 -> {
                sb.append('[');
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append(r.nextBoolean() ? "\t" : "");
                    value(r, sb, depth + 1);
                }
                sb.append(']');
            }
            default -> {
                List<String> keys = new ArrayList<>(List.of(KEYS));
                Collections.shuffle(keys, r);
                int n = r.nextInt(6);
                sb.append('{');
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append('"').append(keys.get(i)).append("\" : ");
                    value(r, sb, depth + 1);
                }
                sb.append('}');
            }
        }
    }

    /** A JSON string body (without quotes): plain, non-ASCII, escapes of every kind, lone and paired surrogates. */
    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(r.nextInt(10) == 0 ? 3000 : 12);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(14)) {
                case 0 -> sb.append("\\\"");
                case 1 -> sb.append("\\\\");
                case 2 -> sb.append("\\n\\r\\t\\b\\f\\/");
                case 3 -> sb.append(String.format("\\u%04x", r.nextInt(0x20)));
                case 4 -> sb.append(String.format("\\u%04X", r.nextInt(0x10000)));
                case 5 -> sb.append("\\ud83d\\ude00");
                case 6 -> sb.append(r.nextBoolean() ? "\\ud800" : "\\udfff");
                case 7 -> sb.appendCodePoint(0x80 + r.nextInt(0x780));
                case 8 -> sb.appendCodePoint(0x800 + r.nextInt(0xD000));
                case 9 -> sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
                case 10 -> sb.append("\u2028\u007f");
                default -> {
                    char c = (char) (0x20 + r.nextInt(0x5F));
                    sb.append(c == '"' || c == '\\' ? 'q' : c).append(r.nextBoolean() ? "" : "x");
                }
            }
        }
        return sb.toString();
    }

    /** The same JSON with the keys of every object in another order and whitespace added. */
    private static String reorder(JsonNode node, Random r) throws Exception {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.shuffle(names, r);
            StringBuilder sb = new StringBuilder("{ ");
            for (int i = 0; i < names.size(); i++) {
                sb.append(i > 0 ? " ,\n" : "").append(JSON.writeValueAsString(names.get(i))).append(" : ")
                        .append(reorder(node.get(names.get(i)), r));
            }
            return sb.append(" }").toString();
        }
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder("[ ");
            for (int i = 0; i < node.size(); i++) {
                sb.append(i > 0 ? " , " : "").append(reorder(node.get(i), r));
            }
            return sb.append(" ]").toString();
        }
        return JSON.writeValueAsString(node);
    }
}

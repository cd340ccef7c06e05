package io.callstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.avro.HttpRequestOrigin;
import io.callstream.avro.KafkaRecordOrigin;
import io.callstream.schemas.registry.InMemorySchemaRegistry;
import io.callstream.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one dead-letter shape: both origins through one serde, and the headers derived from it. */
class DeadLetterHeadersTest {

    private static final String SCOPE = "dead-letter-test";
    private static final Instant T = Instant.parse("2026-01-08T06:32:46Z");

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.drop(SCOPE);
    }

    @Test
    void shouldReadBothOriginsThroughOneDeserializerWhenWrittenInWireFormat() {
        try (AvroSerde<DeadLetter> serde = AvroSerde.of(DeadLetter.class, Map.of("schema.registry.url", "mock://" + SCOPE))) {
            byte[] fromHttp = serde.serializer().serialize(Topics.CALL_EVENTS_DLQ, fromHttp());
            byte[] fromTopic = serde.serializer().serialize(Topics.CALL_EVENTS_DLQ, fromTopic());

            assertThat(serde.deserializer().deserialize(Topics.CALL_EVENTS_DLQ, fromHttp)).isEqualTo(fromHttp());
            assertThat(serde.deserializer().deserialize(Topics.CALL_EVENTS_DLQ, fromTopic)).isEqualTo(fromTopic());
        }
    }

    @Test
    void shouldCarryReasonAndRequestLineInHeadersWhenDeadLetterCameFromHttpRequest() {
        Headers headers = DeadLetterHeaders.of(fromHttp());

        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE)).isEqualTo("ingest");
        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON)).isEqualTo("MISSING_FIELD");
        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.MESSAGE)).isEqualTo("UserId: missing required field");
        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.ORIGIN))
                .isEqualTo("POST /callbacks/callkit from 10.0.0.7:5555");
        assertThat(headers.lastHeader(DeadLetterHeaders.STREAMS_TOPIC)).isNull();
    }

    @Test
    void shouldCarryKafkaStreamsErrorHeadersWhenDeadLetterCameFromTopic() {
        Headers headers = DeadLetterHeaders.of(fromTopic());

        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE)).isEqualTo("processor");
        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON)).isEqualTo("UNDECODABLE_VALUE");
        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.ORIGIN)).isEqualTo("call-events-1@42");
        assertThat(DeadLetterHeaders.text(headers, "__streams.errors.topic")).isEqualTo("call-events");
        assertThat(DeadLetterHeaders.text(headers, "__streams.errors.partition")).isEqualTo("1");
        assertThat(DeadLetterHeaders.text(headers, "__streams.errors.offset")).isEqualTo("42");
        assertThat(DeadLetterHeaders.text(headers, "__streams.errors.message")).startsWith("undecodable value");
    }

    private static DeadLetter fromHttp() {
        return DeadLetter.newBuilder().setSource(DeadLetterSource.INGEST).setReason("MISSING_FIELD")
                .setMessage("UserId: missing required field").setDeadLetteredAt(T).setCallId("c1")
                .setPayload(java.nio.ByteBuffer.wrap("{\"CallId\":\"c1\"}".getBytes(StandardCharsets.UTF_8)))
                .setHttpRequest(HttpRequestOrigin.newBuilder().setMethod("POST").setPath("/callbacks/callkit")
                        .setRawQuery("sdkappid=1400000001&command=caller_start_call")
                        .setHeaders(Map.of("content-type", "application/json")).setRemoteAddress("10.0.0.7:5555")
                        .setStatus(400).setErrorCode(40002).build())
                .build();
    }

    private static DeadLetter fromTopic() {
        return DeadLetter.newBuilder().setSource(DeadLetterSource.PROCESSOR).setReason("UNDECODABLE_VALUE")
                .setMessage("undecodable value: unknown magic byte").setDeadLetteredAt(T).setCallId("c2")
                .setPayload(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setKafkaRecord(KafkaRecordOrigin.newBuilder().setTopic("call-events").setPartition(1).setOffset(42)
                        .setKey("c2").build())
                .build();
    }
}

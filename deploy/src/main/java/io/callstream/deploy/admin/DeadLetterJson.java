package io.callstream.deploy.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.avro.DeadLetter;
import io.callstream.avro.HttpRequestOrigin;
import io.callstream.avro.KafkaRecordOrigin;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * One dead letter as a JSON line: position, source, reason, message, when, callId, where it came from
 * (HTTP request or topic-partition@offset) and a preview of the original bytes (UTF-8 text when they
 * are text, else base64), cut at {@code previewBytes}.
 */
final class DeadLetterJson {

    private DeadLetterJson() {
    }

    static ObjectNode of(DeadLetterReader.Letter l, int previewBytes) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("partition", l.partition()).put("offset", l.offset())
                .put("timestamp", Instant.ofEpochMilli(l.timestamp()).toString()).put("key", l.key());
        if (l.value() == null) {
            n.put("error", l.error());
            preview(n, l.raw(), previewBytes);
            return n;
        }
        DeadLetter d = l.value();
        n.put("source", d.getSource().name()).put("reason", d.getReason()).put("message", d.getMessage())
                .put("deadLetteredAt", d.getDeadLetteredAt().toString()).put("callId", d.getCallId());
        HttpRequestOrigin h = d.getHttpRequest();
        if (h != null) {
            ObjectNode o = n.putObject("httpRequest");
            o.put("method", h.getMethod()).put("path", h.getPath()).put("rawQuery", h.getRawQuery())
                    .put("remoteAddress", h.getRemoteAddress()).put("status", h.getStatus()).put("errorCode", h.getErrorCode());
            ObjectNode headers = o.putObject("headers");
            h.getHeaders().forEach((k, v) -> headers.put(k, v));
        }
        KafkaRecordOrigin k = d.getKafkaRecord();
        if (k != null) {
            n.putObject("kafkaRecord").put("topic", k.getTopic()).put("partition", k.getPartition())
                    .put("offset", k.getOffset()).put("key", k.getKey());
        }
        preview(n, d.getPayload() == null ? null : bytes(d.getPayload()), previewBytes);
        return n;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static void preview(ObjectNode n, byte[] payload, int previewBytes) {
        if (payload == null) {
            n.putNull("payloadBytes");
            return;
        }
        n.put("payloadBytes", payload.length);
        int cut = Math.min(payload.length, previewBytes);
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload, 0, cut));
            n.put("payloadText", text.toString());
        } catch (CharacterCodingException e) {
            // not text (or cut inside a character): the bytes as they are
            n.put("payloadBase64", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(payload, cut)));
        }
        if (cut < payload.length) {
            n.put("payloadTruncated", true);
        }
    }
}

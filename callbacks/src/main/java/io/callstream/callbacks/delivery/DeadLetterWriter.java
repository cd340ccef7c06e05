package io.callstream.callbacks.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.common.logging.LogContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a callback that could not be delivered to {@code callback-deliveries-dlq} (key callId, JSON value
 * with the request, the attempts and the last error), and a record that could not be handled at all (a
 * bad record, a stored configuration that does not parse) with its origin and the reason. The event counts
 * as handled only once the broker acknowledged the dead letter ({@link AckedWriter} retries until then).
 */
final class DeadLetterWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AckedWriter writer;
    private final String topic;
    private final Clock clock;

    DeadLetterWriter(AckedWriter writer, String topic, Clock clock) {
        this.writer = writer;
        this.topic = topic;
        this.clock = clock;
    }

    CompletableFuture<Void> write(CallbackRequest r, int attempts, CallbackSender.Attempt last) {
        return writer.write(topic, r.callId(), json(r, attempts, last)).thenAccept(md -> {
            try (LogContext ignored = DeliveryLogs.of(r)) {
                LOG.warn("callback of call {} for SDKAppID {} to {} dead-lettered at {}-{}@{}",
                        r.callId(), r.sdkAppId(), r.address(), md.topic(), md.partition(), md.offset());
            }
        });
    }

    /** A record that could not be handled: {@code origin} (topic-partition@offset), the reason, the raw value (Base64). */
    CompletableFuture<Void> writeUnhandled(String origin, String key, byte[] value, String reason) {
        ObjectNode o = JSON.createObjectNode();
        o.put("origin", origin);
        if (key != null) {
            o.put("callId", key);
        }
        o.put("reason", "unhandled");
        o.put("lastError", reason);
        o.put("refused", true);
        o.put("failedAt", clock.instant().toString());
        if (value != null) {
            o.put("valueBase64", Base64.getEncoder().encodeToString(value));
        }
        return writer.write(topic, key, o.toString()).thenAccept(md -> {
            try (LogContext ignored = LogContext.call(key, null)) {
                LOG.warn("record {} could not be handled ({}); dead-lettered at {}-{}@{}", origin, reason, md.topic(),
                        md.partition(), md.offset());
            }
        });
    }

    String json(CallbackRequest r, int attempts, CallbackSender.Attempt last) {
        ObjectNode o = JSON.createObjectNode();
        o.put("sdkAppId", r.sdkAppId());
        o.put("callId", r.callId());
        o.put("eventId", r.eventId());
        o.put("deliveryId", r.deliveryId());
        o.put("address", r.address());
        o.put("command", r.command());
        o.put("url", r.uri().toString());
        o.put("attempts", attempts);
        o.put("lastError", last.describe());
        if (last.status() != 0) {
            o.put("lastStatus", last.status());
        }
        o.put("refused", last.refused());
        o.put("failedAt", clock.instant().toString());
        try {
            o.set("body", JSON.readTree(r.body()));
        } catch (IOException e) {
            o.put("body", r.body());
        }
        o.put("bodyText", r.body());
        return o.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package io.callstream.callbacks.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a callback that could not be delivered to {@code callback-deliveries-dlq} (key callId, JSON value
 * with the request, the attempts and the last error). The event counts as handled only once the broker
 * acknowledged the dead letter; a failed write is retried every 5 s until it succeeds or the service stops.
 */
final class DeadLetterWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private volatile boolean running = true;

    DeadLetterWriter(Map<String, Object> kafka, String topic, ScheduledExecutorService scheduler, Clock clock) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    CompletableFuture<Void> write(CallbackRequest r, int attempts, CallbackSender.Attempt last) {
        String value = json(r, attempts, last);
        CompletableFuture<Void> done = new CompletableFuture<>();
        send(r, value, done);
        return done;
    }

    private void send(CallbackRequest r, String value, CompletableFuture<Void> done) {
        // send() may block up to max.block.ms for metadata: run it on the scheduler, never on an HTTP thread
        scheduler.execute(() -> {
            try {
                producer.send(new ProducerRecord<>(topic, r.callId(), value), (md, ex) -> {
                    if (ex == null) {
                        LOG.warn("callback of call {} for SDKAppID {} to {} dead-lettered at {}-{}@{}",
                                r.callId(), r.sdkAppId(), r.address(), md.topic(), md.partition(), md.offset());
                        done.complete(null);
                    } else {
                        retryLater(r, value, done, ex);
                    }
                });
            } catch (RuntimeException ex) {
                retryLater(r, value, done, ex);
            }
        });
    }

    private void retryLater(CallbackRequest r, String value, CompletableFuture<Void> done, Throwable ex) {
        if (!running) {
            done.completeExceptionally(ex);
            return;
        }
        LOG.warn("dead letter of call {} not written, retrying in 5 s: {}", r.callId(), ex.toString());
        try {
            scheduler.schedule(() -> send(r, value, done), 5, TimeUnit.SECONDS);
        } catch (RuntimeException rejected) {
            done.completeExceptionally(ex);
        }
    }

    private String json(CallbackRequest r, int attempts, CallbackSender.Attempt last) {
        ObjectNode o = JSON.createObjectNode();
        o.put("sdkAppId", r.sdkAppId());
        o.put("callId", r.callId());
        o.put("eventId", r.eventId());
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
        return o.toString();
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }
}

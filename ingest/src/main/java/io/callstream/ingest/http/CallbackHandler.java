package io.callstream.ingest.http;

import io.callstream.avro.CallEvent;
import io.callstream.avro.DeadLetter;
import io.callstream.common.logging.LogContext;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.ingest.error.ErrorCode;
import io.callstream.ingest.kafka.EventPublisher;
import io.callstream.ingest.kafka.ValueEncoder;
import io.callstream.ingest.mapping.EventNames;
import io.callstream.ingest.mapping.Webhook;
import io.callstream.ingest.mapping.WebhookMapper;
import io.callstream.ingest.mapping.WebhookRejectedException;
import io.callstream.ingest.metrics.IngestMetrics;
import io.callstream.schemas.DeadLetterHeaders;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /callbacks/callkit} (CONTRACT section 5): reads the body (413 over the limit), checks
 * the SDKAppID (403) and the optional authentication ({@link CallbackAuth}, 403), the content type
 * (415), maps the body of any callback family with {@link WebhookMapper} (400), and writes the
 * {@code CallEvent} to {@code call-events} keyed by callId, answering 200 only after the broker's
 * ack, 503 with Retry-After when Kafka does not ack in time or too many requests wait. Every answer
 * is in the shape of the callback's family ({@link Replies.Shape}). Rejected bodies (400, 415) go
 * to {@code call-events-dlq}, and their 4xx is answered only after that write's ack (503 when it
 * cannot be made, so the sender retries). Nothing here blocks the event loop.
 */
public final class CallbackHandler implements Handler<RoutingContext> {

    public static final String PATH = "/callbacks/callkit";
    private static final String PARAMS = "callstream.params";
    private static final String SHAPE = "callstream.shape";
    private static final Logger LOG = LoggerFactory.getLogger(CallbackHandler.class);

    private final IngestConfig config;
    private final WebhookMapper mapper;
    private final ValueEncoder<CallEvent> events;
    private final ValueEncoder<DeadLetter> deadLetters;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final CallbackAuth auth;
    private final Clock clock;
    private final AtomicInteger inFlight;
    private final String deadlinesKey;

    public CallbackHandler(IngestConfig config, WebhookMapper mapper, ValueEncoder<CallEvent> events,
                           ValueEncoder<DeadLetter> deadLetters, EventPublisher publisher, IngestMetrics metrics, Clock clock) {
        this.config = config;
        this.mapper = mapper;
        this.events = events;
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.inFlight = metrics.inFlight();
        this.auth = CallbackAuth.from(config, clock);
        this.deadlinesKey = SendDeadlines.key(config.sendTimeout().toMillis());
    }

    /** The header the callbacks service puts on every delivery (its loop marker). */
    static final String LOOP_HEADER = "X-Callstream-Delivery";

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        HttpServerRequest request = rc.request();
        // Decoding the query can throw (bad percent-encoding): do it once, here, and answer 400 after
        // the body is read; a throw from the body handler would leave the request unanswered.
        MultiMap params;
        String queryProblem = null;
        try {
            params = request.params();
        } catch (RuntimeException e) {
            params = MultiMap.caseInsensitiveMultiMap();
            queryProblem = "query string: cannot be decoded (" + e.getMessage() + ")";
        }
        rc.put(PARAMS, params);
        // Until the body shows its family, answer in the shape the command word names.
        rc.put(SHAPE, Replies.Shape.of(EventNames.familyOfCommand(command(params)).orElse(null)));
        String problem = queryProblem;
        BodyReader.read(request, config.bodyLimitBytes(), body -> {
            if (problem != null) {
                reject(rc, start, body.getBytes(), ErrorCode.MALFORMED_QUERY, problem, null);
            } else {
                onBody(rc, body.getBytes(), start);
            }
        }, close -> {
            if (close) {
                // The body was refused (Expect: 100-continue) or is too big to drain: end the connection.
                request.response().putHeader(HttpHeaders.CONNECTION, "close")
                        .endHandler(v -> request.connection().close());
            }
            reply(rc, start, ErrorCode.BODY_TOO_LARGE, "body: larger than the limit of " + config.bodyLimitBytes()
                    + " bytes");
        }, cause -> {
            // The framing is broken (a malformed chunk): Vert.x closes the connection once this handler
            // returns, so answer now. The body never arrived whole: like a 413, nothing to dead-letter.
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
            reply(rc, start, ErrorCode.MALFORMED_FRAMING, "body: cannot be read, its chunked transfer encoding is"
                    + " broken (" + cause.getMessage() + ")");
        });
    }

    private void onBody(RoutingContext rc, byte[] body, long start) {
        HttpServerRequest request = rc.request();
        MultiMap params = params(rc);
        if (request.getHeader(LOOP_HEADER) != null) {
            // a callback this deployment's callbacks service sent to its own ingest: storing it would send it again
            reply(rc, start, ErrorCode.CALLBACK_LOOP, LOOP_HEADER + ": this request is a callstream callback (delivery "
                    + clip(request.getHeader(LOOP_HEADER)) + "); a callback address points back at this ingest: remove it, and list"
                    + " this ingest's host in callbacks.own.hosts");
            return;
        }
        String sdkAppId = param(params, "sdkappid");
        Long appId = parseAppId(sdkAppId);
        if (appId == null || !config.sdkAppIds().contains(appId)) {
            reply(rc, start, ErrorCode.SDKAPPID_NOT_ACCEPTED, sdkAppId == null ? "sdkappid: missing query parameter"
                    : "sdkappid: " + clip(sdkAppId) + " is not accepted by this receiver");
            return;
        }
        Optional<String> authProblem = auth.check(params, request, body);
        if (authProblem.isPresent()) {
            reply(rc, start, ErrorCode.SIGNATURE_INVALID, authProblem.get());
            return;
        }
        if (!jsonContentType(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            reject(rc, start, body, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type: must be application/json, got "
                    + clip(request.getHeader(HttpHeaders.CONTENT_TYPE)), null);
            return;
        }
        CallEvent event;
        try {
            event = mapper.map(new Webhook(appId, command(params), param(params, "clientip"), param(params, "optplatform"), body));
        } catch (WebhookRejectedException e) {
            if (e.family() != null) {
                rc.put(SHAPE, Replies.Shape.of(e.family()));
            }
            reject(rc, start, body, e.error(), e.getMessage(), e.callId());
            return;
        }
        rc.put(SHAPE, Replies.Shape.of(event.getFamily()));
        publish(rc, start, event);
    }

    private void publish(RoutingContext rc, long start, CallEvent event) {
        if (!events.ready()) {
            reply(rc, start, ErrorCode.REGISTRY_UNAVAILABLE, "the schema registry has not been reached yet; retry later");
            return;
        }
        byte[] value;
        try {
            value = events.encode(event);
        } catch (RuntimeException e) {
            try (LogContext ignored = LogContext.call(event.getCallId(), event.getSdkAppId())
                    .with(LogContext.EVENT_ID, event.getEventId())) {
                LOG.warn("cannot encode CallEvent callId={}: {}", event.getCallId(), e.toString());
            }
            reply(rc, start, ErrorCode.REGISTRY_UNAVAILABLE, "cannot encode the event: " + e.getMessage());
            return;
        }
        String callId = event.getCallId();
        write(rc, start, new ProducerRecord<>(events.topic(), callId, value), "", written -> {
            if (written) {
                LOG.debug("accepted callId={}", callId);
                answer(rc, start, 200);
                Replies.ok(rc.response(), shape(rc));
            }
        });
    }

    /**
     * A 4xx for a body that reached the parser, answered only once its dead letter is acknowledged:
     * the sender never retries a 4xx, so the dead letter is all that is left of the webhook. When it
     * cannot be written the answer is the 503 of the write, and the sender retries.
     */
    private void reject(RoutingContext rc, long start, byte[] body, ErrorCode error, String info, String callId) {
        try (LogContext ignored = logContext(rc, callId)) {
            LOG.debug("rejected callback callId={} code={}: {}", callId, error.code(), info);
        }
        String unwritten = "invalid request (" + info + "), but its dead letter could not be written: ";
        if (!deadLetters.ready()) {
            reply(rc, start, ErrorCode.REGISTRY_UNAVAILABLE, unwritten + "the schema registry has not been reached yet;"
                    + " retry later");
            return;
        }
        DeadLetter letter = RequestDeadLetters.of(rc.request(), body, error, info, callId, clock.instant());
        byte[] value;
        try {
            value = deadLetters.encode(letter);
        } catch (RuntimeException e) {
            try (LogContext ignored = logContext(rc, callId)) {
                LOG.warn("cannot encode the dead letter of callId={}: {}", callId, e.toString());
            }
            reply(rc, start, ErrorCode.REGISTRY_UNAVAILABLE, unwritten + e.getMessage());
            return;
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(deadLetters.topic(), null, callId, value,
                DeadLetterHeaders.of(letter));
        write(rc, start, record, unwritten, written -> {
            metrics.deadLetter(written);
            try (LogContext ignored = logContext(rc, callId)) {
                if (written) {
                    LOG.info("callback rejected ({} {}) and dead-lettered to {}: {}", error.status(), error.code(),
                            deadLetters.topic(), info);
                    reply(rc, start, error, info);
                } else {
                    LOG.warn("dead letter for callId={} not written; answered 503", callId);
                }
            }
        });
    }

    /**
     * Writes the record within the in-flight bound and the send timeout. {@code onDone} learns whether
     * it was acknowledged and answers a success; every failure is answered here: 503 with
     * Retry-After, its ErrorInfo prefixed by {@code context}.
     */
    private void write(RoutingContext rc, long start, ProducerRecord<String, byte[]> record, String context,
                       Handler<Boolean> onDone) {
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            onDone.handle(false);
            reply(rc, start, ErrorCode.OVERLOADED, context + "too many requests waiting for Kafka ("
                    + config.maxInFlight() + "); retry later");
            return;
        }
        Context ctx = rc.vertx().getOrCreateContext();
        AtomicBoolean answered = new AtomicBoolean();
        SendDeadlines.of(ctx, deadlinesKey, config.sendTimeout().toMillis()).add(answered, () -> {
            if (answered.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                try (LogContext ignored = logContext(rc, record.key())) {
                    LOG.debug("Kafka did not acknowledge the write to {} within {} ms key={}", record.topic(),
                            config.sendTimeout().toMillis(), record.key());
                }
                onDone.handle(false);
                reply(rc, start, ErrorCode.KAFKA_UNAVAILABLE, context + "Kafka did not acknowledge the write within "
                        + config.sendTimeout().toMillis() + " ms; retry later");
            }
        });
        publisher.send(ctx, record, answered).onComplete(ar -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            inFlight.decrementAndGet();
            onDone.handle(ar.succeeded());
            if (ar.failed()) {
                try (LogContext ignored = logContext(rc, record.key())) {
                    LOG.debug("Kafka write to {} failed key={}: {}", record.topic(), record.key(), ar.cause().toString());
                }
                reply(rc, start, ErrorCode.KAFKA_UNAVAILABLE, context + "Kafka write failed; retry later");
            }
        });
    }

    private void reply(RoutingContext rc, long start, ErrorCode error, String info) {
        answer(rc, start, error.status());
        Replies.error(rc.response(), error, info, config.retryAfterSeconds(), shape(rc));
    }

    private void answer(RoutingContext rc, long start, int status) {
        HttpServerResponse response = rc.response();
        if (Replies.open(response)) {
            metrics.request(status, EventNames.commandTag(command(params(rc))), start);
        }
    }

    /** The decoded query parameters ({@link #handle} decodes them once; empty when they could not be). */
    private static MultiMap params(RoutingContext rc) {
        MultiMap params = rc.get(PARAMS);
        return params != null ? params : MultiMap.caseInsensitiveMultiMap();
    }

    /** The MDC of a log line about this request: the call, and the SDKAppID when it is a number. */
    private static LogContext logContext(RoutingContext rc, String callId) {
        return LogContext.call(callId, parseAppId(param(params(rc), "sdkappid")));
    }

    /** The answer shape of this request's callback family (the v1 event shape until known). */
    private static Replies.Shape shape(RoutingContext rc) {
        Replies.Shape shape = rc.get(SHAPE);
        return shape != null ? shape : Replies.Shape.V1_EVENT;
    }

    /** The command word: {@code command} (v1) or {@code CallbackCommand} (v4). */
    private static String command(MultiMap params) {
        return Optional.ofNullable(param(params, "command")).orElse(param(params, "CallbackCommand"));
    }

    /** A query parameter, matched without regard to case ({@code sdkappid}, {@code SdkAppid}). */
    static String param(MultiMap params, String name) {
        String v = params.get(name);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, String> e : params) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Sender-supplied text quoted in an answer, cut to a sane length. */
    private static String clip(String v) {
        return v.length() <= 64 ? v : v.substring(0, 64) + "…";
    }

    private static Long parseAppId(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** JSON or no content type (the {@code contenttype=json} query parameter says JSON). */
    static boolean jsonContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        int semi = contentType.indexOf(';');
        String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || mime.equals("text/json") || mime.endsWith("+json");
    }
}

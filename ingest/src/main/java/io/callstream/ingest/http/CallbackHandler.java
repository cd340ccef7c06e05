package io.callstream.ingest.http;

import io.callstream.avro.CallEvent;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.ingest.kafka.CallEventEncoder;
import io.callstream.ingest.kafka.DeadLetter;
import io.callstream.ingest.kafka.EventPublisher;
import io.callstream.ingest.mapping.EventNames;
import io.callstream.ingest.mapping.Webhook;
import io.callstream.ingest.mapping.WebhookMapper;
import io.callstream.ingest.mapping.WebhookRejectedException;
import io.callstream.ingest.metrics.IngestMetrics;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
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
 * to {@code call-events-dlq}. Nothing here blocks the event loop.
 */
public final class CallbackHandler implements Handler<RoutingContext> {

    public static final String PATH = "/callbacks/callkit";
    private static final String PARAMS = "callstream.params";
    private static final String SHAPE = "callstream.shape";
    private static final Logger LOG = LoggerFactory.getLogger(CallbackHandler.class);
    private static final List<String> DLQ_HEADERS = List.of("content-type", "content-length", "user-agent",
            "host", "x-forwarded-for", "x-real-ip", "x-request-id", SignatureVerifier.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT));

    private final IngestConfig config;
    private final WebhookMapper mapper;
    private final CallEventEncoder encoder;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final CallbackAuth auth;
    private final Clock clock;
    private final AtomicInteger inFlight;

    public CallbackHandler(IngestConfig config, WebhookMapper mapper, CallEventEncoder encoder, EventPublisher publisher,
                           IngestMetrics metrics, Clock clock) {
        this.config = config;
        this.mapper = mapper;
        this.encoder = encoder;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.inFlight = metrics.inFlight();
        this.auth = CallbackAuth.from(config, clock);
    }

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
        });
    }

    private void onBody(RoutingContext rc, byte[] body, long start) {
        HttpServerRequest request = rc.request();
        MultiMap params = params(rc);
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
        if (!encoder.ready()) {
            reply(rc, start, ErrorCode.REGISTRY_UNAVAILABLE, "the schema registry has not been reached yet; retry later");
            return;
        }
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            reply(rc, start, ErrorCode.OVERLOADED, "too many requests waiting for Kafka (" + config.maxInFlight()
                    + "); retry later");
            return;
        }
        byte[] value;
        try {
            value = encoder.encode(event);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            LOG.warn("cannot encode CallEvent callId={}: {}", event.getCallId(), e.toString());
            reply(rc, start, ErrorCode.REGISTRY_UNAVAILABLE, "cannot encode the event: " + e.getMessage());
            return;
        }
        sendAndAnswer(rc, start, event.getCallId(), value);
    }

    /** Writes the record; answers 200 on the ack, 503 on failure or when the send timeout fires first. */
    private void sendAndAnswer(RoutingContext rc, long start, String callId, byte[] value) {
        Context ctx = rc.vertx().getOrCreateContext();
        AtomicBoolean answered = new AtomicBoolean();
        long timer = rc.vertx().setTimer(config.sendTimeout().toMillis(), id -> {
            if (answered.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                reply(rc, start, ErrorCode.KAFKA_UNAVAILABLE, "Kafka did not acknowledge the event within "
                        + config.sendTimeout().toMillis() + " ms; retry later");
            }
        });
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.eventsTopic(), callId, value);
        publisher.send(ctx, record, answered).onComplete(ar -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            rc.vertx().cancelTimer(timer);
            inFlight.decrementAndGet();
            if (ar.succeeded()) {
                LOG.debug("accepted callId={}", callId);
                answer(rc, start, 200);
                Replies.ok(rc.response(), shape(rc));
            } else {
                LOG.debug("Kafka write failed callId={}: {}", callId, ar.cause().toString());
                reply(rc, start, ErrorCode.KAFKA_UNAVAILABLE, "Kafka write failed; retry later");
            }
        });
    }

    /** A 4xx for a body that reached the parser: answered, and the request written to the DLQ. */
    private void reject(RoutingContext rc, long start, byte[] body, ErrorCode error, String info, String callId) {
        LOG.debug("rejected callback callId={} code={}: {}", callId, error.code(), info);
        reply(rc, start, error, info);
        HttpServerRequest request = rc.request();
        Map<String, String> query = new LinkedHashMap<>();
        params(rc).forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : DLQ_HEADERS) {
            String v = request.getHeader(h);
            if (v != null) {
                headers.put(h, v);
            }
        }
        String remote = request.remoteAddress() == null ? null : request.remoteAddress().toString();
        byte[] value = DeadLetter.toJson(new DeadLetter.Request(request.method().name(), request.path(), request.query(),
                query, headers, remote, body), error, info, clock.instant());
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            // Dead letters share the in-flight bound, so bad input cannot queue unbounded writes.
            inFlight.decrementAndGet();
            metrics.deadLetter(false);
            LOG.debug("dead letter for callId={} dropped: in-flight bound reached", callId);
            return;
        }
        publisher.send(rc.vertx().getOrCreateContext(), new ProducerRecord<>(config.dlqTopic(), callId, value))
                .onComplete(ar -> {
                    inFlight.decrementAndGet();
                    metrics.deadLetter(ar.succeeded());
                    if (ar.failed()) {
                        LOG.warn("dead letter for callId={} not written: {}", callId, ar.cause().toString());
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

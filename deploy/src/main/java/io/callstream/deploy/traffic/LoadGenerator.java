package io.callstream.deploy.traffic;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Sends webhooks to an ingest over HTTP/1.1 (non-blocking Vert.x client, keep-alive pool), open loop: request i is
 * scheduled at {@code start + i / rate} and its latency counts from that time, whether or not the
 * client could send it then (at most {@code maxInFlight} requests are outstanding). Rate 0 sends as
 * fast as the in-flight bound allows. A 503 (honouring {@code Retry-After}, capped at 1 s) or a
 * connection failure is retried up to {@code maxRetries} times, as a TUICallKit sender would.
 * With {@code inOrderPerCall}, a call's next callback waits until the previous one was answered,
 * so each call reaches the ingest exactly in the plan's order (shuffled or not); otherwise
 * concurrent requests of one call may overtake each other.
 * Reusable by benchmarks: {@link #run} returns a {@link LoadReport}.
 */
public final class LoadGenerator {

    /**
     * @param ingestUrl    base URL of the ingest, e.g. {@code http://127.0.0.1:8080}
     * @param sdkAppId     the {@code sdkappid} query parameter
     * @param rate         target requests per second, 0 for as fast as possible
     * @param maxInFlight  bound on outstanding requests
     */
    public record Options(String ingestUrl, long sdkAppId, double rate, int maxInFlight, Duration requestTimeout,
                          int maxRetries, boolean inOrderPerCall) {

        public Options(String ingestUrl, long sdkAppId, double rate, int maxInFlight, Duration requestTimeout,
                       int maxRetries) {
            this(ingestUrl, sdkAppId, rate, maxInFlight, requestTimeout, maxRetries, true);
        }
    }

    /** A request waiting for its turn, with the time it was scheduled at. */
    private record Pending(String callId, RequestOptions request, Buffer body, long scheduled) {
    }

    /** Connections to the ingest at most; requests past it wait in the pool's queue. */
    private static final int MAX_CONNECTIONS = 64;

    /** A live snapshot for the progress line; latencies of the last interval. */
    public record Progress(Duration elapsed, long sent, long acknowledged, long rejected, long errors,
                           double intervalRate, LatencyRecorder.Percentiles intervalLatency) {
    }

    private final Options options;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    /** The one event loop every request, answer and retry runs on. */
    private final Context loop = vertx.getOrCreateContext();
    private final HttpClient http;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final Semaphore inFlight;
    /** Calls with a request outstanding, and their queued next requests (inOrderPerCall only). */
    private final Map<String, ArrayDeque<Pending>> calls = new HashMap<>();

    public LoadGenerator(Options options) {
        this.options = options;
        this.inFlight = new Semaphore(options.maxInFlight());
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(Math.min(options.maxInFlight(), MAX_CONNECTIONS))
                        .setMaxWaitQueueSize(-1));
    }

    /** Sends every webhook of {@code plan}, waits for the last answer, and reports. */
    public LoadReport run(Iterator<WebhookRequest> plan, Optional<Consumer<Progress>> progress) {
        long start = System.nanoTime();
        AtomicLong lastAcks = new AtomicLong();
        AtomicLong lastTick = new AtomicLong(start);
        var ticker = progress.map(listener -> vertx.setPeriodic(1000, id -> {
            long now = System.nanoTime();
            long acks = acknowledged.get();
            double rate = (acks - lastAcks.getAndSet(acks)) / ((now - lastTick.getAndSet(now)) / 1e9);
            listener.accept(new Progress(Duration.ofNanos(now - start), sent.get(), acks, rejected.get(),
                    errors.get(), rate, latency.takeInterval()));
        }));
        long i = 0;
        while (plan.hasNext()) {
            WebhookRequest w = plan.next();
            long scheduled = options.rate() > 0 ? start + (long) (i * 1e9 / options.rate()) : System.nanoTime();
            parkUntil(scheduled);
            inFlight.acquireUninterruptibly();
            sent.incrementAndGet();
            Pending p = new Pending(w.callId(), request(w), Buffer.buffer(w.body()), scheduled);
            loop.runOnContext(v -> submit(p));
            i++;
        }
        inFlight.acquireUninterruptibly(options.maxInFlight());
        inFlight.release(options.maxInFlight());
        long end = System.nanoTime();
        ticker.ifPresent(vertx::cancelTimer);
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.get()));
        return new LoadReport(sent.get(), acknowledged.get(), rejected.get(), errors.get(), retries.get(),
                Duration.ofNanos(end - start), options.rate(), latency.total(), byStatus);
    }

    private RequestOptions request(WebhookRequest w) {
        return new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(options.ingestUrl() + w.pathAndQuery(options.sdkAppId()))
                .setIdleTimeout(options.requestTimeout().toMillis())
                .putHeader("Content-Type", "application/json");
    }

    /** Sends now, or (in order per call) after the call's outstanding request is answered. */
    private void submit(Pending p) {
        if (options.inOrderPerCall()) {
            synchronized (calls) {
                ArrayDeque<Pending> queue = calls.get(p.callId());
                if (queue != null) {
                    queue.add(p);
                    return;
                }
                calls.put(p.callId(), new ArrayDeque<>());
            }
        }
        send(p, 0);
    }

    private void send(Pending p, int attempt) {
        http.request(p.request())
                .compose(req -> req.send(p.body()))
                .compose(resp -> resp.body().map(ignored -> resp))
                .onComplete((resp, err) -> {
            if (err == null && resp.statusCode() == 200) {
                latency.record(System.nanoTime() - p.scheduled());
                acknowledged.incrementAndGet();
                count(200);
                done(p);
            } else if (attempt < options.maxRetries() && (err != null || resp.statusCode() == 503)) {
                retries.incrementAndGet();
                long delayMs = err != null ? 100 : retryAfterMillis(resp);
                vertx.setTimer(delayMs, id -> send(p, attempt + 1));
            } else {
                if (err != null) {
                    errors.incrementAndGet();
                } else {
                    rejected.incrementAndGet();
                    count(resp.statusCode());
                }
                done(p);
            }
        });
    }

    /** The request got its final answer: free its slot and start the call's next request, if queued. */
    private void done(Pending p) {
        inFlight.release();
        if (!options.inOrderPerCall()) {
            return;
        }
        Pending next;
        synchronized (calls) {
            ArrayDeque<Pending> queue = calls.get(p.callId());
            next = queue == null ? null : queue.poll();
            if (next == null) {
                calls.remove(p.callId());
            }
        }
        if (next != null) {
            send(next, 0);
        }
    }

    private void count(int status) {
        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    private static long retryAfterMillis(HttpClientResponse resp) {
        String v = resp.getHeader("Retry-After");
        if (v == null) {
            return 200L;
        }
        try {
            return Math.max(50L, Math.min(1000L, Long.parseLong(v.trim()) * 1000L));
        } catch (NumberFormatException e) {
            return 200L;
        }
    }

    private static void parkUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Closes the connections and the event loop, waiting a few seconds at most. */
    public void close() {
        try {
            vertx.close().await(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // the event loop's threads are daemons: they end with the JVM
        }
    }
}

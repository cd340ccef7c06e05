package io.callstream.deploy.traffic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Sends webhooks to an ingest over HTTP/1.1 (JDK HttpClient, asynchronous), open loop: request i is
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
    private record Pending(String callId, HttpRequest request, long scheduled) {
    }

    /** A live snapshot for the progress line; latencies of the last interval. */
    public record Progress(Duration elapsed, long sent, long acknowledged, long rejected, long errors,
                           double intervalRate, LatencyRecorder.Percentiles intervalLatency) {
    }

    private final Options options;
    private final HttpClient http;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "loadgen-timer");
        t.setDaemon(true);
        return t;
    });
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
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends every webhook of {@code plan}, waits for the last answer, and reports. */
    public LoadReport run(Iterator<Webhook> plan, Optional<Consumer<Progress>> progress) {
        long start = System.nanoTime();
        AtomicLong lastAcks = new AtomicLong();
        AtomicLong lastTick = new AtomicLong(start);
        var ticker = progress.map(listener -> timers.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long acks = acknowledged.get();
            double rate = (acks - lastAcks.getAndSet(acks)) / ((now - lastTick.getAndSet(now)) / 1e9);
            listener.accept(new Progress(Duration.ofNanos(now - start), sent.get(), acks, rejected.get(),
                    errors.get(), rate, latency.takeInterval()));
        }, 1, 1, TimeUnit.SECONDS));
        long i = 0;
        while (plan.hasNext()) {
            Webhook w = plan.next();
            long scheduled = options.rate() > 0 ? start + (long) (i * 1e9 / options.rate()) : System.nanoTime();
            parkUntil(scheduled);
            inFlight.acquireUninterruptibly();
            sent.incrementAndGet();
            submit(new Pending(w.callId(), request(w), scheduled));
            i++;
        }
        inFlight.acquireUninterruptibly(options.maxInFlight());
        inFlight.release(options.maxInFlight());
        long end = System.nanoTime();
        ticker.ifPresent(t -> t.cancel(false));
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.get()));
        return new LoadReport(sent.get(), acknowledged.get(), rejected.get(), errors.get(), retries.get(),
                Duration.ofNanos(end - start), options.rate(), latency.total(), byStatus);
    }

    private HttpRequest request(Webhook w) {
        return HttpRequest.newBuilder(URI.create(options.ingestUrl() + w.pathAndQuery(options.sdkAppId())))
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(w.body()))
                .build();
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
        http.sendAsync(p.request(), HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
            if (err == null && resp.statusCode() == 200) {
                latency.record(System.nanoTime() - p.scheduled());
                acknowledged.incrementAndGet();
                count(200);
                done(p);
            } else if (attempt < options.maxRetries() && (err != null || resp.statusCode() == 503)) {
                retries.incrementAndGet();
                long delayMs = err != null ? 100 : retryAfterMillis(resp);
                timers.schedule(() -> send(p, attempt + 1), delayMs, TimeUnit.MILLISECONDS);
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

    private static long retryAfterMillis(HttpResponse<?> resp) {
        return resp.headers().firstValue("Retry-After").map(v -> {
            try {
                return Math.max(50L, Math.min(1000L, Long.parseLong(v.trim()) * 1000L));
            } catch (NumberFormatException e) {
                return 200L;
            }
        }).orElse(200L);
    }

    private static void parkUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Stops the timer thread; the HTTP client's threads end with the JVM. */
    public void close() {
        timers.shutdownNow();
    }
}

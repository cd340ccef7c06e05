package io.callstream.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * An open-loop HTTP load driver: requests are scheduled at a constant rate and their latency is
 * measured from the scheduled time, so a stalled server shows up as latency instead of silently
 * lowering the offered load (no coordinated omission). Non-blocking Vert.x client, keep-alive pool.
 */
public final class LoadDriver implements AutoCloseable {

    /** What request i sends: its body, and its query string (null: the URL's own); a lambda gives bodies only. */
    @FunctionalInterface
    public interface Requests {
        Buffer body(long i);

        default String query(long i) {
            return null;
        }
    }

    private final Vertx vertx;
    private final HttpClient[] clients;
    private final URI uri;

    public LoadDriver(String url, int connections) {
        this(java.util.List.of(url), connections);
    }

    /**
     * A driver spreading its requests round-robin over several servers (request i to server i mod n),
     * {@code connections} split evenly between them; every URL has the same path and query.
     */
    public LoadDriver(java.util.List<String> urls, int connections) {
        this.uri = URI.create(urls.get(0));
        this.vertx = Vertx.vertx();
        this.clients = new HttpClient[urls.size()];
        for (int k = 0; k < clients.length; k++) {
            URI u = URI.create(urls.get(k));
            clients[k] = vertx.createHttpClient(new HttpClientOptions()
                            .setDefaultHost(u.getHost()).setDefaultPort(u.getPort())
                            .setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(Math.max(1, connections / clients.length)).setMaxWaitQueueSize(-1));
        }
    }

    /** Sends {@code rate} requests per second for {@code seconds}, request i from {@code requests}. */
    public LoadResult run(double rate, double seconds, Requests requests) throws InterruptedException {
        Recorder recorder = new Recorder(3_600_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long total = (long) (rate * seconds);
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong completed = new AtomicLong();
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String rawPath = uri.getRawPath();
        long start = System.nanoTime();
        long intervalNanos = (long) (1e9 / rate);
        long sent = 0;
        while (sent < total) {
            long now = System.nanoTime();
            long due = Math.min(total, (now - start) / intervalNanos + 1);
            if (due > sent) {
                long from = sent;
                long to = due;
                vertx.runOnContext(v -> {
                    for (long i = from; i < to; i++) {
                        long scheduled = start + i * intervalNanos;
                        Buffer body = requests.body(i);
                        String query = requests.query(i);
                        clients[(int) (i % clients.length)].request(new RequestOptions().setMethod(HttpMethod.POST)
                                        .setURI(query == null ? path : rawPath + "?" + query)
                                        .putHeader("content-type", "application/json"))
                                .compose(req -> req.send(body))
                                .compose(res -> res.body().map(b -> res.statusCode()))
                                .onComplete(ar -> {
                                    recorder.recordValue(Math.max(0, (System.nanoTime() - scheduled) / 1_000));
                                    if (ar.failed()) {
                                        errors.incrementAndGet();
                                    } else if (ar.result() / 100 == 2) {
                                        ok.incrementAndGet();
                                    } else {
                                        rejected.incrementAndGet();
                                    }
                                    if (completed.incrementAndGet() == total) {
                                        done.countDown();
                                    }
                                });
                    }
                });
                sent = due;
            } else {
                long sleep = start + sent * intervalNanos - now;
                if (sleep > 200_000) {
                    TimeUnit.NANOSECONDS.sleep(sleep - 100_000);
                } else {
                    Thread.onSpinWait();
                }
            }
        }
        boolean finished = done.await(Math.max(10, (long) seconds), TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long unfinished = finished ? 0 : total - completed.get();
        var h = recorder.getIntervalHistogram();
        return new LoadResult(rate, total, ok.get(), rejected.get(), errors.get() + unfinished,
                completed.get() / elapsed, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    @Override
    public void close() {
        for (HttpClient client : clients) {
            client.close();
        }
        vertx.close();
    }
}

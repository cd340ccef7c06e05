package io.callstream.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts missed 1:1 calls to ingest for the latency phases (end to end, alert-commit): four v1
 * webhooks per call, in order (caller {@code start_call}, callee {@code receive_call}, callee
 * {@code not_answer_call}, caller {@code call_missed}), open loop over calls (call i starts at
 * i / (rate / 4) s, whatever the previous calls are doing), one non-blocking Vert.x client with up to
 * 256 keep-alive connections. Notes when each call's deciding webhook ({@code not_answer_call}) and
 * its last one were answered 200.
 */
final class MissedCalls {

    private static final String[][] STEPS = {{"caller", "alice", "start_call", "0"},
        {"callee", "bob", "receive_call", "0"}, {"callee", "bob", "not_answer_call", "30"},
        {"caller", "alice", "call_missed", "30"}};

    /** Webhooks per call. */
    static final int WEBHOOKS = STEPS.length;

    private MissedCalls() {
    }

    /**
     * Posts {@code calls} missed calls with ids {@code <prefix>-<epoch>-<i>} at {@code rate} webhooks/s;
     * {@code decidedAt} / {@code endedAt} get each call's {@link System#nanoTime()} at the 200 of its
     * deciding / last webhook, {@code failures} counts calls with a failed webhook. Returns when every
     * call finished (or after 2 minutes).
     */
    static void post(int port, String prefix, int calls, double rate, Map<String, Long> decidedAt,
                     Map<String, Long> endedAt, AtomicLong failures) throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setKeepAlive(true).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1));
        try {
            long epoch = System.currentTimeMillis() / 1000;
            long interval = (long) (WEBHOOKS * 1e9 / rate);
            long start = System.nanoTime();
            CountDownLatch done = new CountDownLatch(calls);
            for (int i = 0; i < calls; i++) {
                long wait = start + i * interval - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // the open loop's schedule
                }
                String callId = prefix + "-" + epoch + "-" + i;
                vertx.runOnContext(v -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (String[] step : STEPS) {
                        chain = chain.compose(x -> send(client, callId, step, epoch)).map(x -> {
                            if (step[2].equals("not_answer_call")) {
                                decidedAt.put(callId, System.nanoTime());
                            } else if (step[2].equals("call_missed")) {
                                endedAt.put(callId, System.nanoTime());
                            }
                            return null;
                        });
                    }
                    chain.onComplete(ar -> {
                        if (ar.failed()) {
                            failures.incrementAndGet();
                        }
                        done.countDown();
                    });
                });
            }
            done.await(2, TimeUnit.MINUTES);
        } finally {
            client.close();
            vertx.close();
        }
    }

    private static Future<Void> send(HttpClient client, String callId, String[] step, long epoch) {
        String body = String.format(Locale.ROOT, "{\"UserId\":\"%s-%s\",\"RoomId\":\"r-%s\",\"TotalNum\":2,"
                + "\"MediaType\":\"audio\",\"CallType\":\"single\",\"CallId\":\"%s\",\"Role\":\"%s\",\"Event\":\"%s\","
                + "\"CallResult\":\"%s\",\"EventTime\":%d}", step[1], callId, callId, callId, step[0], step[2],
                step[2].contains("answer") || step[2].contains("missed") ? "not_answer" : "",
                epoch + Long.parseLong(step[3]));
        return client.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setURI("/callbacks/callkit?" + Webhooks.QUERY).putHeader("content-type", "application/json"))
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(res -> res.body().compose(b -> res.statusCode() == 200 ? Future.<Void>succeededFuture()
                        : Future.failedFuture("ingest answered " + res.statusCode() + ": " + b)));
    }
}

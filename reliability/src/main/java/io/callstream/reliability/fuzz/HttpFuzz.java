package io.callstream.reliability.fuzz;

import io.callstream.avro.CallEvent;
import io.callstream.avro.DeadLetter;
import io.callstream.deploy.traffic.CallFactory;
import io.callstream.deploy.traffic.CallbackFormat;
import io.callstream.deploy.traffic.TrafficMix;
import io.callstream.deploy.traffic.TrafficPlan;
import io.callstream.deploy.traffic.WebhookRequest;
import io.callstream.reliability.TopicScan;
import io.callstream.schemas.serde.AvroSerde;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP fuzz: {@code requests} requests drawn by {@link FuzzKind} weight from the generator's
 * valid webhooks of every family ({@code --format mixed}), sent over raw sockets by {@code workers}
 * threads to ingest; then call-events and call-events-dlq are read to their end and every answer is
 * matched with the record it promises: a 200 with its call-event (by the body's {@code FuzzId}), a
 * dead-lettering 4xx with its dead letter (by {@code X-Request-Id}).
 */
public final class HttpFuzz {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFuzz.class);
    /** ErrorCodes whose answer is given only after the dead letter's ack (docs/ingest.md, Answers). */
    /**
     * A request line of {@code HTTP/9.9}: Vert.x's HTTP/1 codec answers 501 before any handler runs (RFC 9110
     * would say 505). Counted on a row of its own, not as a server fault: docs/RELIABILITY.md explains it.
     */
    static final String HTTP_9_9 = "bad_framing/http-9.9";
    static final Set<Integer> DEAD_LETTERED = Set.of(40001, 40002, 40003, 40004, 40005, 40006, 41501);

    /** Where to send and where to read. */
    public record Target(String host, int port, long sdkAppId, int bodyLimit, String bootstrapServers,
                         String registryUrl, String eventsTopic, String dlqTopic) {
    }

    /** The figures of one run. */
    public record Result(String runId, long requests, Duration elapsed, Map<String, Map<Integer, Long>> byKind,
                         Map<Integer, Long> byStatus, long aborted, long abortedWithRecord, long unanswered,
                         List<String> unansweredExamples, long server5xx, List<String> server5xxExamples,
                         long codecVersionRefusals, long deadLetterable, long deadLettersFound,
                         long deadLettersMissing, List<String> missingDeadLetterExamples, long deadLettersDuplicated,
                         long accepted, long acceptedRecordsFound, long acceptedRecordsMissing,
                         List<String> missingRecordExamples, long validSent, long validAccepted, long valid503) {

        /** The bounds: no 5xx but 503, every whole request answered, every promise kept, every valid webhook in. */
        public boolean ok() {
            return server5xx == 0 && unanswered == 0 && abortedWithRecord == 0 && deadLettersMissing == 0
                    && acceptedRecordsMissing == 0
                    && validAccepted + valid503 == validSent;
        }
    }

    private record Planned(String id, FuzzKind kind, WebhookRequest base) {
    }

    private final Target target;

    public HttpFuzz(Target target) {
        this.target = target;
    }

    public Result run(long requests, int workers, long seed) {
        String runId = "fz" + Long.toString(Instant.now().toEpochMilli(), 36);
        Mutator mutator = new Mutator(target.sdkAppId(), target.host() + ":" + target.port(), target.bodyLimit());
        BlockingQueue<Planned> queue = new ArrayBlockingQueue<>(4096);
        Map<String, Map<Integer, AtomicLong>> byKind = new ConcurrentHashMap<>();
        AtomicLong done = new AtomicLong();
        Set<String> deadLetterable = ConcurrentHashMap.newKeySet();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        List<String> unanswered = Collections.synchronizedList(new ArrayList<>());
        List<String> server5xx = Collections.synchronizedList(new ArrayList<>());
        AtomicLong aborted = new AtomicLong();
        AtomicLong versionRefusals = new AtomicLong();
        Map<String, String> labels = new ConcurrentHashMap<>();
        Set<String> abortedIds = ConcurrentHashMap.newKeySet();
        AtomicLong validSent = new AtomicLong();
        AtomicLong validAccepted = new AtomicLong();
        AtomicLong valid503 = new AtomicLong();
        long t0 = System.nanoTime();
        Thread producer = new Thread(() -> plan(runId, requests, seed, queue, workers), "fuzz-plan");
        producer.start();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            long workerSeed = seed * 31 + w;
            Thread t = new Thread(() -> {
                Random r = new Random(workerSeed);
                try (RawHttpClient client = new RawHttpClient(new InetSocketAddress(target.host(), target.port()),
                        30_000)) {
                    while (true) {
                        Planned p = queue.take();
                        if (p.id() == null) {
                            return;
                        }
                        RawRequest q = mutator.build(p.id(), p.kind(), p.base(), r);
                        RawHttpClient.Answer a = client.send(q);
                        done.incrementAndGet();
                        byKind.computeIfAbsent(q.label(), k -> new ConcurrentHashMap<>())
                                .computeIfAbsent(a.status(), s -> new AtomicLong()).incrementAndGet();
                        if (q.kind().valid()) {
                            validSent.incrementAndGet();
                            if (a.status() == 200) {
                                validAccepted.incrementAndGet();
                            } else if (a.status() == 503) {
                                valid503.incrementAndGet();
                            }
                        }
                        if (!q.kind().answered()) {
                            aborted.incrementAndGet();
                            abortedIds.add(q.id());
                        } else if (a.status() < 0) {
                            unanswered.add(q.label() + " " + q.id() + ": " + a.failure());
                        } else if (a.status() == 501 && q.label().equals(HTTP_9_9)) {
                            versionRefusals.incrementAndGet();
                        } else if (a.status() >= 500 && a.status() != 503) {
                            server5xx.add(q.label() + " " + q.id() + ": " + a.status());
                        } else if (a.status() == 200 && q.hasFuzzId()) {
                            accepted.add(q.id());
                            labels.put(q.id(), q.label());
                        } else if ((a.status() == 400 || a.status() == 415) && DEAD_LETTERED.contains(a.errorCode())) {
                            deadLetterable.add(q.id());
                            labels.put(q.id(), q.label());
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "fuzz-" + w);
            t.start();
            threads.add(t);
        }
        Thread progress = new Thread(() -> {
            long last = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
                long n = done.get();
                LOG.info("fuzz {}: {} of {} answered or abandoned ({} /s)", runId, n, requests, (n - last) / 10);
                last = n;
            }
        }, "fuzz-progress");
        progress.setDaemon(true);
        progress.start();
        for (Thread t : threads) {
            join(t);
        }
        progress.interrupt();
        join(producer);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("fuzz {}: {} requests in {} s; reading call-events-dlq and call-events", runId, requests,
                elapsed.toSeconds());
        Map<String, Integer> deadLetters = deadLetterIds(runId);
        Set<String> records = recordIds(runId);
        List<String> missingDl = deadLetterable.stream().filter(id -> !deadLetters.containsKey(id)).sorted()
                .map(id -> labels.get(id) + " " + id).toList();
        List<String> missingRec = accepted.stream().filter(id -> !records.contains(id)).sorted()
                .map(id -> labels.get(id) + " " + id).toList();
        long dupDl = deadLetters.values().stream().filter(n -> n > 1).count();
        long abortedWithRecord = abortedIds.stream().filter(id -> records.contains(id) || deadLetters.containsKey(id))
                .count();
        Map<String, Map<Integer, Long>> kinds = new TreeMap<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        byKind.forEach((k, m) -> m.forEach((s, n) -> {
            kinds.computeIfAbsent(k, x -> new TreeMap<>()).put(s, n.get());
            statuses.merge(s, n.get(), Long::sum);
        }));
        return new Result(runId, requests, elapsed, kinds, statuses, aborted.get(), abortedWithRecord, unanswered.size(),
                first(unanswered), server5xx.size(), first(server5xx), versionRefusals.get(), deadLetterable.size(),
                deadLetterable.size() - missingDl.size(), missingDl.size(), first(missingDl), dupDl, accepted.size(),
                accepted.size() - missingRec.size(), missingRec.size(), first(missingRec), validSent.get(),
                validAccepted.get(), valid503.get());
    }

    /** Fills the queue with {@code requests} planned requests, then one end marker per worker. */
    private static void plan(String runId, long requests, long seed, BlockingQueue<Planned> queue, int workers) {
        Random r = new Random(seed);
        TrafficMix mix = new TrafficMix(TrafficMix.parseWeights(TrafficMix.DEFAULT_MIX), 0.3, 0.0);
        CallFactory factory = new CallFactory(seed, runId, Instant.now().getEpochSecond() - 3600, 10_000,
                CallbackFormat.MIXED);
        TrafficPlan plan = new TrafficPlan(factory, mix, requests, 50, seed, false);
        try {
            for (long i = 0; i < requests && plan.hasNext(); i++) {
                queue.put(new Planned(runId + "-" + i, FuzzKind.draw(r), plan.next()));
            }
            for (int w = 0; w < workers; w++) {
                queue.put(new Planned(null, null, null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** X-Request-Id of every ingest dead letter of this run, with how many dead letters it has. */
    private Map<String, Integer> deadLetterIds(String runId) {
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Object> serde = Map.of("schema.registry.url", target.registryUrl());
        TopicScan.scan(target.bootstrapServers(), Map.of(), target.dlqTopic(),
                AvroSerde.of(DeadLetter.class, serde).deserializer(), d -> {
                    if (d.getHttpRequest() != null) {
                        String id = d.getHttpRequest().getHeaders().get("x-request-id");
                        if (id != null && id.startsWith(runId + "-")) {
                            ids.merge(id, 1, Integer::sum);
                        }
                    }
                });
        return ids;
    }

    /** The FuzzId of every call-event of this run. */
    private Set<String> recordIds(String runId) {
        Set<String> ids = new HashSet<>();
        Map<String, Object> serde = Map.of("schema.registry.url", target.registryUrl());
        TopicScan.scan(target.bootstrapServers(), Map.of(), target.eventsTopic(),
                AvroSerde.of(CallEvent.class, serde).deserializer(), e -> {
                    String id = e.getExtra().get("FuzzId");
                    if (id != null) {
                        id = id.replace("\"", "");
                        if (id.startsWith(runId + "-")) {
                            ids.add(id);
                        }
                    }
                });
        return ids;
    }

    private static List<String> first(List<String> all) {
        synchronized (all) {
            return List.copyOf(all.subList(0, Math.min(10, all.size())));
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

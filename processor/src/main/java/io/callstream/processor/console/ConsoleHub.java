package io.callstream.processor.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's live feed: once a second, while some page listens ({@code /console/api/stream}, server-sent
 * events), it merges this instance's {@link ConsoleStats} with every other instance's (found through Kafka
 * Streams' {@code application.server}, asked at {@code /console/api/local}), turns totals into rates, and
 * pushes one JSON message to every page. Webhooks/s is ingest's write rate, read from the end offsets of
 * call-events (an Admin client); events/s is what the processors read. Lag is each instance's consumer
 * lag on call-events (its consumers' {@code records-lag}), summed.
 */
public final class ConsoleHub implements AutoCloseable {

    static final String LOCAL_PATH = "/console/api/local";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHub.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PEER_TIMEOUT = Duration.ofMillis(800);
    private static final long ANSWER_WINDOW_MINUTES = 15;

    private final ConsoleStats stats;
    private final Supplier<KafkaStreams> streams;
    private final Supplier<HostInfo> self;
    private final String callEvents;
    private final Supplier<Admin> adminFactory;
    private final ScheduledExecutorService ticker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private Admin admin;
    private List<TopicPartition> partitions = List.of();
    private Totals previous;
    private volatile String latest;

    private record Listener(HttpExchange exchange, OutputStream out) {
    }

    private record Totals(long at, long events, long deadLetters, long webhooks) {
    }

    public ConsoleHub(ConsoleStats stats, Supplier<KafkaStreams> streams, Supplier<HostInfo> self, String callEvents,
                      Supplier<Admin> adminFactory) {
        this.stats = stats;
        this.streams = streams;
        this.self = self;
        this.callEvents = callEvents;
        this.adminFactory = adminFactory;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "processor-console");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** This instance's figures (what peers ask for). */
    public ConsoleSnapshot local() {
        HostInfo me = self.get();
        return stats.snapshot(me == null ? "starting" : me.host() + ":" + me.port(), lag());
    }

    /** Keeps the exchange open as an event stream; the ticker writes to it until the page goes away. */
    void listen(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        Listener l = new Listener(ex, out);
        String now = latest;
        if (!send(l, "retry: 2000\n\n" + (now == null ? "" : "data: " + now + "\n\n"))) {
            return;
        }
        listeners.add(l);
    }

    private void tick() {
        try {
            if (listeners.isEmpty()) {
                previous = null;
                return;
            }
            String message = message().toString();
            latest = message;
            for (Listener l : listeners) {
                send(l, "data: " + message + "\n\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("Console tick failed: {}", e.toString());
        }
    }

    private boolean send(Listener l, String text) {
        try {
            l.out.write(text.getBytes(StandardCharsets.UTF_8));
            l.out.flush();
            return true;
        } catch (IOException e) {
            listeners.remove(l);
            l.exchange.close();
            return false;
        }
    }

    /** The merged figures of every instance, with rates since the previous tick. */
    ObjectNode message() {
        List<ConsoleSnapshot> all = new ArrayList<>();
        all.add(local());
        List<String> missing = new ArrayList<>();
        Map<HostInfo, CompletableFuture<HttpResponse<String>>> asks = new java.util.HashMap<>();
        for (HostInfo peer : peers()) {
            asks.put(peer, http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + peer.host() + ":" + peer.port()
                    + LOCAL_PATH)).timeout(PEER_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        asks.forEach((peer, ask) -> {
            try {
                HttpResponse<String> r = ask.join();
                if (r.statusCode() != 200) {
                    throw new IOException("HTTP " + r.statusCode());
                }
                all.add(JSON.readValue(r.body(), ConsoleSnapshot.class));
            } catch (IOException | RuntimeException e) {
                missing.add(peer.host() + ":" + peer.port());
            }
        });
        ConsoleSnapshot merged = ConsoleSnapshot.merge(all);
        Totals before = previous;
        long offsets = endOffsets();
        long webhooks = offsets >= 0 ? offsets : before == null ? -1 : before.webhooks;
        Totals now = new Totals(System.currentTimeMillis(), merged.events(), merged.deadLetters(), webhooks);
        previous = now;
        ObjectNode o = JSON.createObjectNode();
        o.put("at", now.at);
        o.set("instances", JSON.valueToTree(merged.instances()));
        o.set("missingInstances", JSON.valueToTree(missing));
        o.put("eventsPerSecond", rate(before, now, t -> t.events));
        o.put("webhooksPerSecond", webhooks < 0 || before == null || before.webhooks < 0 ? 0
                : rate(before, now, t -> t.webhooks));
        o.put("deadLettersPerSecond", rate(before, now, t -> t.deadLetters));
        o.put("inFlight", merged.inFlight());
        o.put("lag", merged.lag());
        ObjectNode totals = o.putObject("totals");
        totals.put("events", merged.events()).put("deadLetters", merged.deadLetters())
                .put("duplicates", merged.duplicates()).put("webhooks", webhooks);
        o.set("outcomes", JSON.valueToTree(merged.outcomes()));
        answerRate(o, merged, now.at / 60_000);
        o.set("ring", histogram(ConsoleStats.RING_BOUNDS, merged.ring()));
        o.set("talk", histogram(ConsoleStats.TALK_BOUNDS, merged.talk()));
        o.set("alerts", JSON.valueToTree(merged.alerts()));
        return o;
    }

    private static double rate(Totals before, Totals now, java.util.function.ToLongFunction<Totals> f) {
        if (before == null || now.at <= before.at) {
            return 0;
        }
        double r = (f.applyAsLong(now) - f.applyAsLong(before)) * 1000.0 / (now.at - before.at);
        return Math.max(0, Math.round(r * 10) / 10.0); // an instance restarting makes totals drop
    }

    /** Answered (COMPLETED or INTERRUPTED, i.e. someone picked up) share of the calls decided in the last 15 minutes. */
    private static void answerRate(ObjectNode o, ConsoleSnapshot s, long minuteNow) {
        long answered = 0;
        long decided = 0;
        for (ConsoleSnapshot.OutcomeMinute m : s.outcomes()) {
            if (m.minute() > minuteNow - ANSWER_WINDOW_MINUTES) {
                for (Map.Entry<String, Long> e : m.counts().entrySet()) {
                    decided += e.getValue();
                    if (e.getKey().equals("COMPLETED") || e.getKey().equals("INTERRUPTED")) {
                        answered += e.getValue();
                    }
                }
            }
        }
        o.put("decidedLast15m", decided);
        if (decided == 0) {
            o.putNull("answerRate");
        } else {
            o.put("answerRate", Math.round(answered * 1000.0 / decided) / 1000.0);
        }
    }

    private static ObjectNode histogram(long[] bounds, long[] counts) {
        ObjectNode h = JSON.createObjectNode();
        ArrayNode b = h.putArray("boundsMs");
        for (long x : bounds) {
            b.add(x);
        }
        h.set("counts", JSON.valueToTree(counts));
        return h;
    }

    private List<HostInfo> peers() {
        KafkaStreams s = streams.get();
        HostInfo me = self.get();
        if (s == null || me == null) {
            return List.of();
        }
        try {
            return s.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                    .filter(h -> !h.equals(me) && h.port() > 0).distinct().toList();
        } catch (RuntimeException e) {
            return List.of(); // not running yet
        }
    }

    /** This instance's consumer lag on call-events: the sum of its partitions' {@code records-lag}. */
    private long lag() {
        KafkaStreams s = streams.get();
        if (s == null) {
            return 0;
        }
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals("records-lag") && n.group().equals("consumer-fetch-manager-metrics")
                    && callEvents.equals(n.tags().get("topic"))) {
                Object v = e.getValue().metricValue();
                if (v instanceof Double d && !d.isNaN()) {
                    sum += d;
                }
            }
        }
        return Math.round(sum);
    }

    /** The sum of call-events' end offsets (everything ingest wrote), or -1 when the broker cannot tell now. */
    private long endOffsets() {
        try {
            if (admin == null) {
                admin = adminFactory.get();
            }
            if (partitions.isEmpty()) {
                partitions = admin.describeTopics(List.of(callEvents)).allTopicNames().get(2, TimeUnit.SECONDS)
                        .get(callEvents).partitions().stream().map(p -> new TopicPartition(callEvents, p.partition()))
                        .toList();
            }
            Map<TopicPartition, OffsetSpec> ask = new java.util.HashMap<>();
            partitions.forEach(p -> ask.put(p, OffsetSpec.latest()));
            return admin.listOffsets(ask).all().get(2, TimeUnit.SECONDS).values().stream()
                    .mapToLong(i -> i.offset()).sum();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("Cannot read the end offsets of {}: {}", callEvents, e.toString());
            return -1;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        listeners.forEach(l -> l.exchange.close());
        listeners.clear();
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}

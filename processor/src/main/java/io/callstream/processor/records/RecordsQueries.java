package io.callstream.processor.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.common.auth.AdminAccounts;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers record queries from whichever instance holds the data, so that any instance answers any query:
 * a call by id from the instance owning its key ({@link KafkaStreams#queryMetadataForKey}: locally, or one
 * HTTP hop), a filter by scattering to every instance ({@link KafkaStreams#streamsMetadataForStore}),
 * merging their per-partition slices (counts and first keys) — only when every partition of call-summaries
 * answered — and reading the page's records from their owners. Forwarded
 * requests carry {@value #HOP_HEADER} and are answered locally only. While a partition is rebalancing,
 * restoring or its owner unreachable, a query retries for {@code records.query.retry.timeout}, then fails
 * with {@link TryAgainException}.
 */
public final class RecordsQueries {

    public static final String HOP_HEADER = "X-Callstream-Forwarded";
    static final String GET_PATH = "/internal/records/get";
    static final String SLICES_PATH = "/internal/records/slices";
    static final String RECORDS_PATH = "/internal/records/records";
    private static final Logger LOG = LoggerFactory.getLogger(RecordsQueries.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A hop that takes longer fails the attempt (a filter counting millions of matches takes ~1 s; a dead instance fails at connect). */
    private static final Duration HOP_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<KafkaStreams> streams;
    private final Supplier<HostInfo> self;
    private final IntSupplier partitionCount;
    private final Duration retryTimeout;
    private final LocalRecords local;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** The apps' secret keys that sign this instance's hops ({@link HopSignature}); set by {@link RecordsApi}. */
    private volatile AdminAccounts hopKeys;

    /** Not available right now; retried until the deadline. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    public RecordsQueries(Supplier<KafkaStreams> streams, Supplier<HostInfo> self, String summariesTopic, IntSupplier partitionCount,
                          Duration retryTimeout) {
        this.streams = streams;
        this.self = self;
        this.partitionCount = partitionCount;
        this.retryTimeout = retryTimeout;
        this.local = new LocalRecords(streams, summariesTopic);
    }

    /** Signs the hops to other instances with the apps' secret keys, which the other instances check. */
    void signHopsWith(AdminAccounts accounts) {
        this.hopKeys = accounts;
    }

    /** The call {@code callId} of {@code sdkAppId}, from its owner; {@code authQuery} is passed on to a forwarded hop. */
    public Optional<CallRecord> byCallId(long sdkAppId, String callId, String authQuery) {
        return retrying(() -> {
            KeyQueryMetadata m = keyMetadata(callId);
            if (m.activeHost().equals(self.get())) {
                return localGet(m.partition(), sdkAppId, callId);
            }
            ObjectNode body = JSON.createObjectNode().put("callId", callId);
            JsonNode answer = hop(sdkAppId, m.activeHost(), GET_PATH, authQuery, body).join();
            return answer.hasNonNull("record") ? Optional.of(JSON.convertValue(answer.get("record"), CallRecord.class))
                    : Optional.<CallRecord>empty();
        });
    }

    /** A forwarded by-callId query: answered only when this instance owns the key now. */
    public Optional<CallRecord> byCallIdHere(long sdkAppId, String callId) {
        KeyQueryMetadata m = keyMetadata(callId);
        if (!m.activeHost().equals(self.get())) {
            throw new Unavailable("this instance does not own call " + callId + " now");
        }
        return localGet(m.partition(), sdkAppId, callId);
    }

    /**
     * One page of a filter query: every partition's count and first keys (phase 1), merged into the page's
     * keys, whose records are then read from the partitions' owners (phase 2). Both phases in one attempt.
     */
    public Slice.Page filter(RecordFilter f, int page, int perPage, String authQuery) {
        return retrying(() -> {
            Map<Integer, HostInfo> owners = new HashMap<>();
            Map<Integer, Slice> slices = allSlices(f, authQuery, owners);
            List<Slice.Placed> keys = Slice.page(slices, page, perPage);
            return new Slice.Page(Slice.total(slices), records(f.sdkAppId(), keys, owners, authQuery));
        });
    }

    /** A forwarded filter query: the slices of the partitions this instance owns and can query now. */
    public Map<Integer, Slice> slicesHere(RecordFilter f) {
        return local.slices(f);
    }

    /** A forwarded record read: the records of the given calls per partition; every partition must be owned here now. */
    public List<CallRecord> recordsHere(long sdkAppId, Map<Integer, List<String>> callIds) {
        List<CallRecord> out = new ArrayList<>();
        callIds.forEach((p, ids) -> out.addAll(localGetAll(p, sdkAppId, ids)));
        return out;
    }

    private Map<Integer, Slice> allSlices(RecordFilter f, String authQuery, Map<Integer, HostInfo> owners) {
        requireRunning();
        int partitions = partitionCount.getAsInt();
        Collection<StreamsMetadata> hosts = streams.get().streamsMetadataForStore(RecordsTopology.INDEX_STORE);
        Map<Integer, Slice> got = new HashMap<>(local.slices(f));
        got.keySet().forEach(p -> owners.put(p, self.get()));
        Map<HostInfo, CompletableFuture<JsonNode>> remote = new HashMap<>();
        for (StreamsMetadata h : hosts) {
            if (!h.hostInfo().equals(self.get())) {
                remote.put(h.hostInfo(), hop(f.sdkAppId(), h.hostInfo(), SLICES_PATH, authQuery, JSON.valueToTree(f)));
            }
        }
        remote.forEach((host, answer) -> join(answer).get("partitions").fields().forEachRemaining(e -> {
            int p = Integer.parseInt(e.getKey());
            if (got.putIfAbsent(p, JSON.convertValue(e.getValue(), Slice.class)) == null) {
                owners.put(p, host);
            }
        }));
        if (got.size() < partitions) {
            TreeSet<Integer> missing = new TreeSet<>();
            for (int p = 0; p < partitions; p++) {
                if (!got.containsKey(p)) {
                    missing.add(p);
                }
            }
            throw new Unavailable("partitions " + missing + " of call-summaries are rebalancing or restoring");
        }
        return got;
    }

    /** The records of a page's keys, in the page's order, each read from the owner its slice came from. */
    private List<CallRecord> records(long sdkAppId, List<Slice.Placed> keys, Map<Integer, HostInfo> owners,
                                     String authQuery) {
        Map<HostInfo, Map<Integer, List<String>>> byHost = new HashMap<>();
        for (Slice.Placed k : keys) {
            byHost.computeIfAbsent(owners.get(k.partition()), h -> new HashMap<>())
                    .computeIfAbsent(k.partition(), p -> new ArrayList<>()).add(k.ref().callId());
        }
        Map<String, CallRecord> found = new HashMap<>();
        Map<HostInfo, CompletableFuture<JsonNode>> remote = new HashMap<>();
        byHost.forEach((host, ids) -> {
            if (host.equals(self.get())) {
                recordsHere(sdkAppId, ids).forEach(r -> found.put(r.callId(), r));
            } else {
                remote.put(host, hop(sdkAppId, host, RECORDS_PATH, authQuery, JSON.createObjectNode().set("callIds", JSON.valueToTree(ids))));
            }
        });
        remote.values().forEach(answer -> join(answer).get("records")
                .forEach(r -> {
                    CallRecord c = JSON.convertValue(r, CallRecord.class);
                    found.put(c.callId(), c);
                }));
        List<CallRecord> out = new ArrayList<>(keys.size());
        for (Slice.Placed k : keys) {
            CallRecord r = found.get(k.ref().callId());
            if (r == null) {
                throw new Unavailable("call " + k.ref().callId() + " changed while the page was read");
            }
            out.add(r);
        }
        return out;
    }

    private static JsonNode join(CompletableFuture<JsonNode> answer) {
        try {
            return answer.join();
        } catch (RuntimeException e) {
            throw e.getCause() instanceof Unavailable u ? u : new Unavailable(String.valueOf(e.getCause()));
        }
    }

    /** The JSON of a records answer (internal hop). */
    public static ObjectNode recordsJson(List<CallRecord> records) {
        ObjectNode o = JSON.createObjectNode();
        o.set("records", JSON.valueToTree(records));
        return o;
    }

    /** The calls asked for by a records hop: callIds per partition. */
    public static Map<Integer, List<String>> callIdsOf(JsonNode body) {
        Map<Integer, List<String>> out = new HashMap<>();
        body.path("callIds").fields().forEachRemaining(e -> {
            List<String> ids = new ArrayList<>();
            e.getValue().forEach(id -> ids.add(id.asText()));
            out.put(Integer.parseInt(e.getKey()), ids);
        });
        return out;
    }

    /** The JSON of a slices answer (internal hop). */
    public static ObjectNode slicesJson(Map<Integer, Slice> slices) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode parts = o.putObject("partitions");
        slices.forEach((p, s) -> parts.set(String.valueOf(p), JSON.valueToTree(s)));
        return o;
    }

    /** The JSON of a by-callId answer (internal hop). */
    public static ObjectNode recordJson(Optional<CallRecord> r) {
        ObjectNode o = JSON.createObjectNode();
        o.set("record", r.<JsonNode>map(JSON::valueToTree).orElse(null));
        return o;
    }

    public static RecordFilter filterOf(JsonNode body) {
        return JSON.convertValue(body, RecordFilter.class);
    }

    private List<CallRecord> localGetAll(int partition, long sdkAppId, List<String> callIds) {
        if (!local.activePartitions().contains(partition)) {
            throw new Unavailable("partition " + partition + " is not owned here now");
        }
        try {
            return local.getAll(partition, sdkAppId, callIds);
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("partition " + partition + " is rebalancing or restoring");
        }
    }

    private Optional<CallRecord> localGet(int partition, long sdkAppId, String callId) {
        try {
            return local.get(partition, sdkAppId, callId);
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("partition " + partition + " is rebalancing or restoring");
        }
    }

    private KeyQueryMetadata keyMetadata(String callId) {
        requireRunning();
        KeyQueryMetadata m;
        try {
            m = streams.get().queryMetadataForKey(RecordsTopology.RECORDS_STORE, callId, new StringSerializer());
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("the records store is not available: " + e.getMessage());
        }
        if (m == null || m.equals(KeyQueryMetadata.NOT_AVAILABLE) || m.activeHost() == null) {
            throw new Unavailable("no instance owns call " + callId + " now");
        }
        return m;
    }

    private void requireRunning() {
        KafkaStreams s = streams.get();
        if (s == null || s.state() != KafkaStreams.State.RUNNING) {
            throw new Unavailable("the processor is " + (s == null ? "starting" : s.state()));
        }
    }

    private CompletableFuture<JsonNode> hop(long sdkAppId, HostInfo host, String path, String authQuery, JsonNode body) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + path + (authQuery == null ? "" : "?" + authQuery));
        String text = body.toString();
        AdminAccounts keys = hopKeys;
        String key = keys == null ? null : keys.secretKey(sdkAppId).orElse(null);
        if (key == null) {
            return CompletableFuture.failedFuture(new Unavailable("no secret key of SDKAppID " + sdkAppId + " to sign a hop"));
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(HOP_TIMEOUT).header(HOP_HEADER, "1")
                .header(HopSignature.HEADER, HopSignature.sign(key, path, authQuery, text))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text))
                .build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).handle((resp, error) -> {
            if (error != null) {
                throw new Unavailable("instance " + host + " is unreachable: " + error);
            }
            if (resp.statusCode() != 200) {
                throw new Unavailable("instance " + host + " answered " + resp.statusCode() + ": " + resp.body());
            }
            try {
                return JSON.readTree(resp.body());
            } catch (IOException e) {
                throw new Unavailable("instance " + host + " answered invalid JSON");
            }
        });
    }

    private <T> T retrying(Supplier<T> attempt) {
        long deadline = System.nanoTime() + retryTimeout.toNanos();
        long backoff = 50;
        while (true) {
            try {
                return attempt.get();
            } catch (Unavailable | java.util.concurrent.CompletionException e) {
                Throwable cause = e instanceof Unavailable ? e : e.getCause();
                if (!(cause instanceof Unavailable)) {
                    throw e;
                }
                if (System.nanoTime() + backoff * 1_000_000 > deadline) {
                    LOG.info("Records query not answered within {}: {}", retryTimeout, cause.getMessage());
                    throw new TryAgainException("call records are being rebalanced or restored (" + cause.getMessage()
                            + "); try again");
                }
                try {
                    Thread.sleep(backoff); // a backoff between attempts, not a synchronisation
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new TryAgainException("interrupted; try again");
                }
                backoff = Math.min(backoff * 2, 500);
            }
        }
    }
}

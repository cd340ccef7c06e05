package io.callstream.processor.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.avro.CallEvent;
import io.callstream.avro.CallSummary;
import io.callstream.processor.topology.DecodedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A call's timeline for the console, read from Kafka, so that any instance answers for any call: every
 * record of {@code call-events} with the call's key (its partition by the default partitioner, the
 * records written in the last {@value #LOOKBACK_HOURS} h, at most {@value #MAX_SCAN} records), in event
 * time, a repeated {@code eventId} marked as a duplicate (what the processor ignores); and every summary
 * revision of {@code call-summaries} with that key, read the same way (read_committed). The session state
 * keeps facts, not events, so the events come from the log. One lookup at a time.
 */
public final class CallLookup {

    static final int LOOKBACK_HOURS = 24;
    static final int MAX_SCAN = 500_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String callEvents;
    private final String callSummaries;
    private final Deserializer<DecodedEvent> events;
    private final Deserializer<CallSummary> summaries;

    public CallLookup(Supplier<Consumer<byte[], byte[]>> consumers, String callEvents, String callSummaries,
                      Deserializer<DecodedEvent> events, Deserializer<CallSummary> summaries) {
        this.consumers = consumers;
        this.callEvents = callEvents;
        this.callSummaries = callSummaries;
        this.events = events;
        this.summaries = summaries;
    }

    /** The timeline and summary revisions of {@code callId} (of every app that used it). */
    public synchronized ObjectNode lookup(String callId) {
        ObjectNode out = JSON.createObjectNode().put("callId", callId);
        List<CallEvent> found = new ArrayList<>();
        List<String> undecodable = new ArrayList<>();
        List<CallSummary> revisions = new ArrayList<>();
        long scanned;
        try (Consumer<byte[], byte[]> c = consumers.get()) {
            scanned = scan(c, callEvents, callId, (r, bytes) -> {
                DecodedEvent e = events.deserialize(callEvents, bytes);
                if (e instanceof DecodedEvent.Ok ok) {
                    found.add(ok.event());
                } else {
                    undecodable.add(r.partition() + "@" + r.offset());
                }
            });
            scanned += scan(c, callSummaries, callId, (r, bytes) -> {
                if (bytes != null) {
                    revisions.add(summaries.deserialize(callSummaries, bytes));
                }
            });
        }
        found.sort(Comparator.comparing(CallEvent::getEventTime));
        Set<String> seen = new HashSet<>();
        ArrayNode timeline = out.putArray("events");
        for (CallEvent e : found) {
            ObjectNode row = timeline.addObject();
            row.put("eventTime", e.getEventTime().toEpochMilli());
            row.put("sdkAppId", e.getSdkAppId());
            row.put("event", e.getEvent().name());
            row.put("userId", e.getUserId());
            row.put("role", e.getRole() == null ? null : e.getRole().name());
            row.put("family", e.getFamily() == null ? null : e.getFamily().name());
            row.put("eventId", e.getEventId());
            row.put("receivedAt", e.getReceivedAt() == null ? null : e.getReceivedAt().toEpochMilli());
            row.put("duplicate", !seen.add(e.getSdkAppId() + "/" + e.getEventId()));
        }
        out.set("undecodable", JSON.valueToTree(undecodable));
        revisions.sort(Comparator.comparingLong(CallSummary::getSdkAppId).thenComparingInt(CallSummary::getRevision));
        ArrayNode revs = out.putArray("revisions");
        for (CallSummary s : revisions) {
            ObjectNode row = revs.addObject();
            row.put("sdkAppId", s.getSdkAppId());
            row.put("revision", s.getRevision());
            row.put("outcome", s.getOutcome().name());
            row.put("closedBy", s.getClosedBy() == null ? null : s.getClosedBy().name());
            row.put("startedAt", s.getStartedAt() == null ? null : s.getStartedAt().toEpochMilli());
            row.put("answeredAt", s.getAnsweredAt() == null ? null : s.getAnsweredAt().toEpochMilli());
            row.put("endedAt", s.getEndedAt() == null ? null : s.getEndedAt().toEpochMilli());
            row.put("ringDurationMs", s.getRingDurationMs());
            row.put("talkDurationMs", s.getTalkDurationMs());
            row.put("eventCount", s.getEventCount());
            row.put("duplicateCount", s.getDuplicateCount());
        }
        out.put("recordsScanned", scanned);
        out.put("lookbackHours", LOOKBACK_HOURS);
        return out;
    }

    /** Reads the key's partition of {@code topic} from the lookback's start to its end now; calls {@code each} per match. */
    private long scan(Consumer<byte[], byte[]> c, String topic, String key,
                      BiConsumer<ConsumerRecord<byte[], byte[]>, byte[]> each) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int partitions = c.partitionsFor(topic, Duration.ofSeconds(5)).size();
        TopicPartition tp = new TopicPartition(topic, Utils.toPositive(Utils.murmur2(keyBytes)) % partitions);
        c.assign(List.of(tp));
        long end = c.endOffsets(List.of(tp), Duration.ofSeconds(5)).get(tp);
        long since = System.currentTimeMillis() - LOOKBACK_HOURS * 3_600_000L;
        OffsetAndTimestamp from = c.offsetsForTimes(Map.of(tp, since), Duration.ofSeconds(5)).get(tp);
        long start = from == null ? end : from.offset();
        start = Math.max(start, end - MAX_SCAN);
        c.seek(tp, Math.max(0, start));
        long scanned = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (c.position(tp) < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                scanned++;
                if (r.offset() < end && r.key() != null && java.util.Arrays.equals(r.key(), keyBytes)) {
                    each.accept(r, r.value());
                }
            }
        }
        return scanned;
    }
}

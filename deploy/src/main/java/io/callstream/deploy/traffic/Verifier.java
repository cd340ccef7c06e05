package io.callstream.deploy.traffic;

import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Checks a generated run against the pipeline's output: reads {@code call-summaries} and
 * {@code missed-call-alerts} from the beginning (read_committed, decoded through the registry),
 * keeps this run's calls (call id prefix), until every call's latest summary revision and alerts
 * match (a later revision may complete an early one) or the timeout passes; then reads on to the
 * topics' current end so that extra alerts or revisions are seen too, and compares with
 * {@link OutcomeCheck}.
 */
public final class Verifier {

    /** Where to read. */
    public record Target(String bootstrapServers, String registryUrl, String summariesTopic, String alertsTopic,
                         Map<String, ?> clientProperties, Map<String, ?> registryProperties) {

        public Target(String bootstrapServers, String registryUrl, String summariesTopic, String alertsTopic) {
            this(bootstrapServers, registryUrl, summariesTopic, alertsTopic, Map.of(), Map.of());
        }

        /** The registry client's settings: the URL plus credentials and TLS. */
        Map<String, Object> registryClient() {
            Map<String, Object> p = new java.util.HashMap<>(registryProperties);
            p.put("schema.registry.url", registryUrl);
            return p;
        }
    }

    /** The result: calls checked, calls without a summary, and every mismatch. */
    public record Result(int calls, int missingSummaries, List<String> mismatches) {
        public boolean ok() {
            return mismatches.isEmpty();
        }
    }

    private final Target target;
    /** callId + revision of every summary read, to find a revision written twice (exactly-once broken). */
    private final Set<String> revisionsSeen = new HashSet<>();
    private final Set<String> duplicateSummaries = new java.util.TreeSet<>();

    public Verifier(Target target) {
        this.target = target;
    }

    public Result verify(String runId, List<ExpectedCall> expected, Duration timeout, Optional<Consumer<String>> progress) {
        Map<String, ExpectedCall> byId = new HashMap<>();
        expected.forEach(e -> byId.put(e.callId(), e));
        Map<String, CallSummary> summaries = new HashMap<>();
        Map<String, List<MissedCallAlert>> alerts = new HashMap<>();
        revisionsSeen.clear();
        duplicateSummaries.clear();
        // Calls whose output does not match yet; a later revision or alert may still fix them.
        Set<String> pending = new HashSet<>(byId.keySet());
        String prefix = runId + "-";
        Map<String, Object> props = target.registryClient();
        try (KafkaConsumer<String, CallSummary> sc = consumer(AvroSerde.of(CallSummary.class, props).deserializer(),
                target.summariesTopic());
             KafkaConsumer<String, MissedCallAlert> ac = consumer(AvroSerde.of(MissedCallAlert.class, props).deserializer(),
                     target.alertsTopic())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextReport = System.nanoTime();
            while (System.nanoTime() < deadline && !pending.isEmpty()) {
                for (String callId : poll(sc, ac, prefix, summaries, alerts)) {
                    ExpectedCall e = byId.get(callId);
                    if (e != null && OutcomeCheck.mismatches(e, summaries.get(callId),
                            alerts.getOrDefault(callId, List.of())).isEmpty()) {
                        pending.remove(callId);
                    } else if (e != null) {
                        pending.add(callId);
                    }
                }
                if (progress.isPresent() && System.nanoTime() >= nextReport) {
                    progress.get().accept(String.format("verify: %d/%d calls as expected, %d summaries seen",
                            byId.size() - pending.size(), byId.size(), summaries.size()));
                    nextReport = System.nanoTime() + 1_000_000_000L;
                }
            }
            drainToEnd(sc, ac, prefix, summaries, alerts);
        }
        List<String> mismatches = new ArrayList<>();
        int missing = 0;
        for (ExpectedCall e : expected) {
            CallSummary s = summaries.get(e.callId());
            if (s == null) {
                missing++;
            }
            mismatches.addAll(OutcomeCheck.mismatches(e, s, alerts.getOrDefault(e.callId(), List.of())));
        }
        duplicateSummaries.forEach(d -> mismatches.add("call " + d + " written more than once"));
        alerts.keySet().stream().filter(id -> !byId.containsKey(id))
                .forEach(id -> mismatches.add("call " + id + ": alerts for a call this run did not make"));
        return new Result(expected.size(), missing, mismatches);
    }

    /** Polls both topics once; returns the ids of this run's calls that got a record. */
    private Set<String> poll(KafkaConsumer<String, CallSummary> sc, KafkaConsumer<String, MissedCallAlert> ac,
                             String prefix, Map<String, CallSummary> summaries,
                             Map<String, List<MissedCallAlert>> alerts) {
        Set<String> touched = new HashSet<>();
        for (ConsumerRecord<String, CallSummary> r : sc.poll(Duration.ofMillis(100))) {
            CallSummary s = r.value();
            if (s != null && s.getCallId().startsWith(prefix)) {
                String revision = s.getCallId() + ": summary revision " + s.getRevision();
                if (!revisionsSeen.add(revision)) {
                    duplicateSummaries.add(revision);
                }
                summaries.merge(s.getCallId(), s, (old, neu) -> neu.getRevision() >= old.getRevision() ? neu : old);
                touched.add(s.getCallId());
            }
        }
        for (ConsumerRecord<String, MissedCallAlert> r : ac.poll(Duration.ofMillis(100))) {
            MissedCallAlert a = r.value();
            if (a != null && a.getCallId().startsWith(prefix)) {
                alerts.computeIfAbsent(a.getCallId(), k -> new ArrayList<>()).add(a);
                touched.add(a.getCallId());
            }
        }
        return touched;
    }

    private void drainToEnd(KafkaConsumer<String, CallSummary> sc, KafkaConsumer<String, MissedCallAlert> ac,
                            String prefix, Map<String, CallSummary> summaries, Map<String, List<MissedCallAlert>> alerts) {
        Map<TopicPartition, Long> sEnd = sc.endOffsets(sc.assignment());
        Map<TopicPartition, Long> aEnd = ac.endOffsets(ac.assignment());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && (behind(sc, sEnd) || behind(ac, aEnd))) {
            poll(sc, ac, prefix, summaries, alerts);
        }
    }

    private static boolean behind(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue());
    }

    private <V> KafkaConsumer<String, V> consumer(org.apache.kafka.common.serialization.Deserializer<V> values,
                                                 String topic) {
        Map<String, Object> cfg = new HashMap<>(target.clientProperties());
        cfg.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cfg.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cfg.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        KafkaConsumer<String, V> c = new KafkaConsumer<>(cfg, new StringDeserializer(), values);
        List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(parts);
        c.seekToBeginning(parts);
        return c;
    }
}

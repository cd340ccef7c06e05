package io.callstream.processor.http;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * What the processor's probes answer, from the Kafka Streams client state and its stream threads.
 * <ul>
 *   <li><b>live</b> ({@code /health/live}, a restart when it fails): false when Kafka Streams is in
 *       ERROR, PENDING_ERROR or NOT_RUNNING (it will not recover on its own: a fatal error, or every
 *       thread gone), or when it is RUNNING or REBALANCING with no live stream thread (nothing
 *       processes, though the client looks up). CREATED (starting) and PENDING_SHUTDOWN (stopping on
 *       purpose) are live.</li>
 *   <li><b>ready</b> ({@code /health/ready}, traffic and rollout gate): RUNNING only; REBALANCING and
 *       restoring are alive but not ready.</li>
 * </ul>
 *
 * @param state       the client state
 * @param liveThreads the stream threads that are neither DEAD nor shutting down; empty when unknown
 *                    (then the state alone decides)
 */
public record StreamsHealth(KafkaStreams.State state, Optional<Integer> liveThreads) {

    /** Before the Kafka Streams client exists (the HTTP port is bound first): alive, not ready. */
    public static final StreamsHealth CREATED = new StreamsHealth(KafkaStreams.State.CREATED, Optional.empty());

    private static final List<String> GONE = List.of("DEAD", "PENDING_SHUTDOWN");

    /** The health of a running client: its state and the states of its local stream threads. */
    public static StreamsHealth of(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        Optional<Integer> threads;
        try {
            threads = Optional.of(liveThreads(streams.metadataForLocalThreads().stream()
                    .map(ThreadMetadata::threadState).toList()));
        } catch (RuntimeException e) {
            threads = Optional.empty(); // metadata unavailable in this state: judge by the state alone
        }
        return new StreamsHealth(state, threads);
    }

    /** The number of thread states that are neither DEAD nor PENDING_SHUTDOWN. */
    static int liveThreads(Collection<String> threadStates) {
        return (int) threadStates.stream().filter(s -> !GONE.contains(s)).count();
    }

    public boolean live() {
        return switch (state) {
            case ERROR, PENDING_ERROR, NOT_RUNNING -> false;
            case RUNNING, REBALANCING -> liveThreads.map(n -> n > 0).orElse(true);
            case CREATED, PENDING_SHUTDOWN -> true;
        };
    }

    public boolean ready() {
        return state == KafkaStreams.State.RUNNING && live();
    }

    /** One line for the probe's body: the state, and the live thread count when known. */
    public String describe() {
        return state + liveThreads.map(n -> " (" + n + " live stream thread" + (n == 1 ? "" : "s") + ")").orElse("");
    }
}

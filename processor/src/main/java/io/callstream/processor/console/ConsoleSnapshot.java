package io.callstream.processor.console;

import io.callstream.avro.CallOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One instance's (or, merged, every instance's) console figures: totals since each instance started, calls in
 * flight (opened, not yet decided), consumer lag on call-events, outcomes per wall-clock minute, the ring- and
 * talk-time histograms ({@link ConsoleStats#RING_BOUNDS}, {@link ConsoleStats#TALK_BOUNDS}) and the latest
 * missed-call alerts, newest first. The JSON of {@code /console/api/local}, which peers merge.
 */
public record ConsoleSnapshot(List<String> instances, long at, long events, long deadLetters, long duplicates,
                              long inFlight, long lag, List<OutcomeMinute> outcomes, long[] ring, long[] talk,
                              List<Alert> alerts) {

    /** A missed-call alert as the feed shows it; {@code at} is when this processor emitted it (epoch ms). */
    public record Alert(String alertId, long sdkAppId, String callId, String calleeId, String callerId, String reason,
                        Long ringDurationMs, long at) {
    }

    /** The first summaries of one minute (epoch minute) by outcome name. */
    public record OutcomeMinute(long minute, Map<String, Long> counts) {
    }

    static List<OutcomeMinute> outcomeMinutes(Map<Long, long[]> minutes) {
        List<OutcomeMinute> out = new ArrayList<>();
        minutes.forEach((m, c) -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (CallOutcome o : CallOutcome.values()) {
                if (c[o.ordinal()] > 0) {
                    counts.put(o.name(), c[o.ordinal()]);
                }
            }
            out.add(new OutcomeMinute(m, counts));
        });
        return out;
    }

    /** The sum of every instance's snapshot: totals and histograms added, alerts merged newest first. */
    public static ConsoleSnapshot merge(List<ConsoleSnapshot> all) {
        List<String> instances = new ArrayList<>();
        long at = 0;
        long events = 0;
        long dead = 0;
        long dups = 0;
        long inFlight = 0;
        long lag = 0;
        long[] ring = new long[ConsoleStats.RING_BOUNDS.length + 1];
        long[] talk = new long[ConsoleStats.TALK_BOUNDS.length + 1];
        TreeMap<Long, Map<String, Long>> minutes = new TreeMap<>();
        Map<String, Alert> alerts = new LinkedHashMap<>();
        for (ConsoleSnapshot s : all) {
            instances.addAll(s.instances);
            at = Math.max(at, s.at);
            events += s.events;
            dead += s.deadLetters;
            dups += s.duplicates;
            inFlight += s.inFlight;
            lag += s.lag;
            add(ring, s.ring);
            add(talk, s.talk);
            for (OutcomeMinute m : s.outcomes) {
                Map<String, Long> into = minutes.computeIfAbsent(m.minute(), k -> new LinkedHashMap<>());
                m.counts().forEach((o, n) -> into.merge(o, n, Long::sum));
            }
            s.alerts.forEach(a -> alerts.putIfAbsent(a.alertId(), a));
        }
        List<OutcomeMinute> outcomes = new ArrayList<>();
        minutes.forEach((m, c) -> outcomes.add(new OutcomeMinute(m, c)));
        List<Alert> latest = alerts.values().stream().sorted(Comparator.comparingLong(Alert::at).reversed())
                .limit(ConsoleStats.ALERTS).toList();
        return new ConsoleSnapshot(instances, at, events, dead, dups, inFlight, lag, outcomes, ring, talk, latest);
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < Math.min(into.length, from == null ? 0 : from.length); i++) {
            into[i] += from[i];
        }
    }
}

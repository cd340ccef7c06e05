package io.callstream.processor.topology;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_ACCEPTED;
import static io.callstream.avro.CallEventType.CALL_BUSY;
import static io.callstream.avro.CallEventType.CALL_CANCELED;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.CALL_MISSED;
import static io.callstream.avro.CallEventType.CALL_REJECTED;
import static io.callstream.avro.CallEventType.CANCEL_CALL;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.REJECT_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static io.callstream.processor.CallEvents.event;
import static io.callstream.processor.CallEvents.forApp;
import static io.callstream.processor.CallEvents.normalEnd;
import static io.callstream.processor.FamilyEvents.change;
import static io.callstream.processor.FamilyEvents.endCall;
import static io.callstream.processor.FamilyEvents.memberChanged;
import static io.callstream.processor.FamilyEvents.startCall;
import static io.callstream.processor.FamilyEvents.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallResult;
import io.callstream.avro.MemberAction;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.processor.CallEvents;
import io.callstream.processor.session.SessionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property-style: the same set of whole calls of every callback family (v1 events, v1 status, v4,
 * and v1 and v4 mixed in one call), delivered in random interleavings through the real
 * topology (one dynamic test per seed, reported as [seed]; {@code -Dcallstream.interleavings=N} runs more), with
 * duplicates, events arriving after their call closed, a restart after downtime with the events in
 * the backlog, and redeliveries after the retention. Whatever the order: at most one alert per
 * (call, callee), never one for a callee who answered, summary revisions 1, 2, 3… per call, the same
 * alerts and the same final summary (but for its revision and counters) as when every event arrives
 * at once, and nothing at all from redeliveries after the retention.
 */
class CallInterleavingsTest {

    private static final int SEEDS = Integer.getInteger("callstream.interleavings", 25);
    private static final long OTHER_APP = CallEvents.SDK_APP_ID + 1;

    /**
     * One call: events that always arrive on time, events that may arrive after it closed, and
     * events that may only be late as the backlog of a restart (read before any timer runs).
     */
    private record Call(List<CallEvent> onTime, List<CallEvent> mayBeLate, List<CallEvent> mayBeBacklog) {
        Call(List<CallEvent> onTime, List<CallEvent> mayBeLate) {
            this(onTime, mayBeLate, List.of());
        }

        List<CallEvent> all() {
            return Stream.of(onTime, mayBeLate, mayBeBacklog).flatMap(List::stream).toList();
        }
    }

    /**
     * The calls. Only events that cannot contradict an alert already sent may be late: in a 1:1 call
     * the caller's side decides the callee's outcome (call_accepted, call_missed, …), so the callee's
     * callbacks may trail; an alert inferred from "ended without an answer" can never be taken back,
     * so group calls and the ringing call arrive whole. After a restart the backlog may also hold
     * what decides a call whose settle or idle time passed during the downtime: the answer to a call
     * the caller already ended, and the answer and ends of a call that was ringing.
     */
    private static List<Call> calls() {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String answered = "answered-" + i;
            calls.add(new Call(List.of(caller(answered, "alice", START_CALL, 0), caller(answered, "alice", CALL_ACCEPTED, 5),
                    caller(answered, "alice", CALL_END, 65)), List.of(callee(answered, "bob", RECEIVE_CALL, 1),
                    callee(answered, "bob", ACCEPT_CALL, 5), callee(answered, "bob", CALL_END, 65))));
            calls.add(oneToOne("missed-" + i, CALL_MISSED, NOT_ANSWER_CALL, 30));
            calls.add(oneToOne("rejected-" + i, CALL_REJECTED, REJECT_CALL, 4));
            calls.add(oneToOne("cancelled-" + i, CANCEL_CALL, CALL_CANCELED, 8));
            calls.add(new Call(List.of(caller("busy-" + i, "alice", START_CALL, 0), caller("busy-" + i, "alice", CALL_BUSY, 1)),
                    List.of()));
            String ended = "ended-before-answer-" + i;
            calls.add(new Call(List.of(caller(ended, "alice", START_CALL, 0), callee(ended, "bob", RECEIVE_CALL, 1),
                    caller(ended, "alice", CALL_END, 65)), List.of(), List.of(callee(ended, "bob", ACCEPT_CALL, 5),
                    caller(ended, "alice", CALL_ACCEPTED, 5), callee(ended, "bob", CALL_END, 65))));
            String ringing = "ringing-then-answered-" + i;
            calls.add(new Call(List.of(caller(ringing, "alice", START_CALL, 0), callee(ringing, "bob", RECEIVE_CALL, 1)),
                    List.of(), List.of(callee(ringing, "bob", ACCEPT_CALL, 5), caller(ringing, "alice", CALL_ACCEPTED, 5),
                    caller(ringing, "alice", CALL_END, 65), callee(ringing, "bob", CALL_END, 65))));
            String group = "group-" + i;
            calls.add(new Call(List.of(group(group, "alice", CallRole.CALLER, START_CALL, 0),
                    group(group, "bob", CallRole.CALLEE, RECEIVE_CALL, 1), group(group, "carol", CallRole.CALLEE, RECEIVE_CALL, 1),
                    group(group, "bob", CallRole.CALLEE, ACCEPT_CALL, 4), group(group, "carol", CallRole.CALLEE, NOT_ANSWER_CALL, 30),
                    group(group, "bob", CallRole.CALLEE, CALL_END, 60), group(group, "alice", CallRole.CALLER, CALL_END, 60)),
                    List.of()));
        }
        calls.addAll(otherFamilies());
        calls.add(new Call(List.of(caller("ringing", "alice", START_CALL, 0), callee("ringing", "bob", RECEIVE_CALL, 1)),
                List.of()));
        Call twin = oneToOne("twin", CALL_MISSED, NOT_ANSWER_CALL, 30);
        calls.add(twin);
        calls.add(new Call(twin.onTime().stream().map(e -> forApp(OTHER_APP, e)).toList(),
                twin.mayBeLate().stream().map(e -> forApp(OTHER_APP, e)).toList(), List.of()));
        return calls;
    }

    /**
     * Calls of the v4 callbacks, the v1 status callback, and both mixed in one call. An end-of-call
     * record closes its call at once, so whatever trails it (the member changes, the callee's own
     * callbacks) may be late: it may only revise. The v1 call whose caller's end carries normal_end and
     * AcceptTs is the one LocalStackIT saw alerted as NO_ANSWER: its accept may come after the settle delay.
     */
    private static List<Call> otherFamilies() {
        List<String> none = List.of();
        String normalEnd = "v1-normal-end";
        String v4Answered = "v4-answered";
        String v4Missed = "v4-missed";
        String group = "v4-group";
        String mixedAnswered = "mixed-answered";
        String mixedMissed = "mixed-missed";
        return List.of(
                new Call(List.of(caller(normalEnd, "alice", START_CALL, 0), callee(normalEnd, "bob", RECEIVE_CALL, 1),
                        normalEnd(caller(normalEnd, "alice", CALL_END, 65), 0, 5, 65)),
                        List.of(callee(normalEnd, "bob", ACCEPT_CALL, 5), caller(normalEnd, "alice", CALL_ACCEPTED, 5),
                                normalEnd(callee(normalEnd, "bob", CALL_END, 65), 0, 5, 65))),
                new Call(List.of(startCall(v4Answered, "alice", List.of("bob"), 0),
                        endCall(v4Answered, "alice", List.of("bob"), CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65)),
                        List.of(memberChanged(v4Answered, 5, List.of("alice", "bob"), none, change("bob", MemberAction.ANSWER)),
                                memberChanged(v4Answered, 65, List.of("bob"), none, change("alice", MemberAction.HANG_UP)))),
                new Call(List.of(startCall(v4Missed, "alice", List.of("bob"), 0),
                        endCall(v4Missed, "alice", List.of("bob"), CallType.SINGLE, CallResult.NOT_ANSWER, 0, null, 30)),
                        List.of(memberChanged(v4Missed, 30, List.of("alice"), none, change("bob", MemberAction.NOT_ANSWER)))),
                new Call(List.of(startCall(group, "alice", List.of("bob", "carol"), 0),
                        memberChanged(group, 4, List.of("alice", "bob"), List.of("carol"), change("bob", MemberAction.ANSWER)),
                        memberChanged(group, 30, List.of("alice", "bob"), none, change("carol", MemberAction.NOT_ANSWER)),
                        memberChanged(group, 35, List.of("alice", "bob"), List.of("dave"), change("dave", MemberAction.INVITE)),
                        memberChanged(group, 40, List.of("alice", "bob", "dave"), none, change("dave", MemberAction.JOIN)),
                        memberChanged(group, 50, List.of("alice", "dave"), none, change("bob", MemberAction.HANG_UP)),
                        memberChanged(group, 60, List.of("alice"), none, change("dave", MemberAction.HANG_UP)),
                        endCall(group, "alice", List.of("bob", "carol", "dave"), CallType.GROUP, CallResult.NORMAL_END, 0, 4, 60)),
                        List.of()),
                new Call(List.of(caller(mixedAnswered, "alice", START_CALL, 0),
                        status(mixedAnswered, "alice", CallRole.CALLER, CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65)),
                        List.of(memberChanged(mixedAnswered, 5, List.of("alice", "bob"), none, change("bob", MemberAction.ANSWER)),
                                normalEnd(callee(mixedAnswered, "bob", CALL_END, 65), 0, 5, 65)),
                        List.of(endCall(mixedAnswered, "alice", List.of("bob"), CallType.SINGLE, CallResult.NORMAL_END, 0, 5, 65))),
                new Call(List.of(startCall(mixedMissed, "alice", List.of("bob"), 0), caller(mixedMissed, "alice", CALL_MISSED, 30)),
                        List.of(callee(mixedMissed, "bob", NOT_ANSWER_CALL, 30),
                                memberChanged(mixedMissed, 30, List.of("alice"), none, change("bob", MemberAction.NOT_ANSWER)),
                                endCall(mixedMissed, "alice", List.of("bob"), CallType.SINGLE, CallResult.NOT_ANSWER, 0, null, 30))));
    }

    @TestFactory
    Stream<DynamicTest> shouldKeepTheInvariantsWhenWholeCallsArriveInAnyInterleaving() {
        ManualInputLag noBacklog = new ManualInputLag();
        noBacklog.catchUp();
        Outputs reference = run(h -> {
            calls().forEach(c -> h.send(c.all().toArray(CallEvent[]::new)));
            h.advance(Duration.ofSeconds(11));
            h.advance(Duration.ofHours(3));
        }, noBacklog, new Random(0));
        return IntStream.rangeClosed(1, SEEDS).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed
                + (random(seed).nextBoolean() ? ", restart with backlog" : ""), () -> {
            Outputs outputs = interleaving(random(seed));
            assertInvariants(outputs, reference);
        }));
    }

    /** A well-mixed generator for {@code seed} (java.util.Random's first draws from seeds 1, 2, 3… are alike). */
    private static Random random(long seed) {
        return new Random(new SplittableRandom(seed).nextLong());
    }

    /** One random schedule: on-time events, then late ones (after the settle delay, or as the backlog of a restart). */
    private Outputs interleaving(Random random) {
        List<Call> calls = calls();
        boolean restart = random.nextBoolean();
        List<CallEvent> onTime = new ArrayList<>();
        List<CallEvent> late = new ArrayList<>();
        for (Call c : calls) {
            onTime.addAll(c.onTime());
            (random.nextBoolean() ? late : onTime).addAll(c.mayBeLate());
            (restart && random.nextBoolean() ? late : onTime).addAll(c.mayBeBacklog());
        }
        ManualInputLag inputLag = new ManualInputLag();
        return run(h -> {
            h.send(withDuplicates(onTime, random));
            if (restart) {
                // down for longer than the settle delay and the idle timeout; the late events are the backlog
                h.advance(Duration.ofHours(3));
                h.send(withDuplicates(late, random));
                inputLag.catchUp();
                h.advance(Duration.ofSeconds(1));
            } else {
                inputLag.catchUp();
                h.advance(Duration.ofSeconds(11));
                h.send(withDuplicates(late, random));
                h.advance(Duration.ofSeconds(11));
                h.advance(Duration.ofHours(3));
            }
            h.send(sample(onTime, late, random));
            h.advance(Duration.ofMinutes(1));
        }, inputLag, random);
    }

    /** Runs {@code schedule}, then redelivers events after the retention; collects every output. */
    private static Outputs run(Consumer<TopologyHarness> schedule, InputLag inputLag, Random random) {
        try (TopologyHarness h = new TopologyHarness(Map.of(), inputLag)) {
            schedule.accept(h);
            List<KeyValue<String, CallSummary>> summaries = new ArrayList<>(h.summaries());
            List<KeyValue<String, MissedCallAlert>> alerts = new ArrayList<>(h.alerts());
            h.advance(Duration.ofHours(25));
            h.send(sample(calls().stream().flatMap(c -> c.all().stream()).toList(), List.of(), random));
            h.advance(Duration.ofHours(3));
            return new Outputs(summaries, alerts, h.summaries(), h.alerts());
        }
    }

    private record Outputs(List<KeyValue<String, CallSummary>> summaries, List<KeyValue<String, MissedCallAlert>> alerts,
                           List<KeyValue<String, CallSummary>> afterRetention,
                           List<KeyValue<String, MissedCallAlert>> alertsAfterRetention) {

        Map<SessionKey, List<CallSummary>> byCall() {
            Map<SessionKey, List<CallSummary>> byCall = new LinkedHashMap<>();
            summaries.forEach(kv -> byCall.computeIfAbsent(new SessionKey(kv.value.getSdkAppId(), kv.value.getCallId()),
                    k -> new ArrayList<>()).add(kv.value));
            return byCall;
        }

        Map<String, MissedCallAlert> alertsById() {
            Map<String, MissedCallAlert> byId = new HashMap<>();
            alerts.forEach(kv -> assertThat(byId.put(kv.value.getAlertId(), kv.value))
                    .as("a second alert %s", kv.value.getAlertId()).isNull());
            return byId;
        }
    }

    private static void assertInvariants(Outputs outputs, Outputs reference) {
        Map<SessionKey, List<CallSummary>> byCall = outputs.byCall();
        Map<String, MissedCallAlert> alerts = outputs.alertsById();
        for (List<CallSummary> revisions : byCall.values()) {
            assertThat(revisions).extracting(CallSummary::getRevision)
                    .as("revisions of %s", revisions.get(0).getCallId())
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, revisions.size()).boxed().toList());
        }
        Map<SessionKey, CallSummary> finals = finalSummaries(byCall);
        Map<SessionKey, CallSummary> expectedFinals = finalSummaries(reference.byCall());
        assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(expectedFinals.keySet());
        expectedFinals.forEach((call, expected) -> assertThat(finals.get(call)).as("final summary of %s", call)
                .isEqualTo(expected));
        for (MissedCallAlert a : alerts.values()) {
            CallSummary last = last(byCall.get(new SessionKey(a.getSdkAppId(), a.getCallId())));
            assertThat(last.getParticipants()).filteredOn(p -> p.getUserId().equals(a.getCalleeId()))
                    .extracting(Participant::getOutcome).as("alerted %s", a.getAlertId())
                    .doesNotContain(ParticipantOutcome.ANSWERED, ParticipantOutcome.INTERRUPTED);
        }
        Map<String, Object> reasons = new HashMap<>();
        alerts.forEach((id, a) -> reasons.put(id, a.getReason()));
        Map<String, Object> expectedReasons = new HashMap<>();
        reference.alertsById().forEach((id, a) -> expectedReasons.put(id, a.getReason()));
        assertThat(reasons).isEqualTo(expectedReasons);
        assertThat(outputs.afterRetention()).as("summaries after the retention").isEmpty();
        assertThat(outputs.alertsAfterRetention()).as("alerts after the retention").isEmpty();
    }

    /**
     * The last summary of every call, without what depends on the order: its revision and its
     * counters (a late event that changes only {@code eventCount} or {@code duplicateCount} emits
     * no revision, by contract).
     */
    private static Map<SessionKey, CallSummary> finalSummaries(Map<SessionKey, List<CallSummary>> byCall) {
        Map<SessionKey, CallSummary> finals = new HashMap<>();
        byCall.forEach((k, revisions) -> finals.put(k, CallSummary.newBuilder(last(revisions)).setRevision(0)
                .setEventCount(0).setDuplicateCount(0).setParticipants(List.copyOf(last(revisions).getParticipants()))
                .build()));
        return finals;
    }

    private static CallSummary last(List<CallSummary> revisions) {
        return revisions.get(revisions.size() - 1);
    }

    /** The events shuffled, about one in five delivered a second time later on. */
    private static CallEvent[] withDuplicates(List<CallEvent> events, Random random) {
        List<CallEvent> out = new ArrayList<>(events);
        Collections.shuffle(out, random);
        for (CallEvent e : events) {
            if (random.nextInt(5) == 0) {
                int first = out.indexOf(e);
                out.add(first + 1 + random.nextInt(out.size() - first), e);
            }
        }
        return out.toArray(CallEvent[]::new);
    }

    /** About a third of the events again (redeliveries of events already seen). */
    private static CallEvent[] sample(List<CallEvent> a, List<CallEvent> b, Random random) {
        return Stream.concat(a.stream(), b.stream()).filter(e -> random.nextInt(3) == 0).toArray(CallEvent[]::new);
    }

    private static Call oneToOne(String callId, CallEventType callerEnd, CallEventType calleeEnd, int endSecond) {
        return new Call(List.of(caller(callId, "alice", START_CALL, 0), caller(callId, "alice", callerEnd, endSecond)),
                List.of(callee(callId, "bob", RECEIVE_CALL, 1), callee(callId, "bob", calleeEnd, endSecond)));
    }

    private static CallEvent group(String callId, String user, CallRole role, CallEventType type, int second) {
        return event(callId, user, role, type, CallType.GROUP, second);
    }
}

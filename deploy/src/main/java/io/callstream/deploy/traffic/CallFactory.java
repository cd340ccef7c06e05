package io.callstream.deploy.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes realistic TUICallKit calls: for a {@link Scenario}, the callbacks both sides send (caller
 * {@code start_call}, callee {@code receive_call}, ... with {@code CallResult}, {@code StartCallTs},
 * {@code AcceptTs}, {@code EndTs}) in their natural order, and the expected summary and alerts.
 * Times are whole seconds within the hour before the base time, every call over by then (a call
 * lasts at most ~16 minutes), so no record carries a future timestamp. Deterministic for a given seed.
 */
public final class CallFactory {

    private static final List<String> PLATFORMS = List.of("iOS", "Android", "Web", "miniProgram");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Random random;
    private final String runId;
    private final long baseEpochSecond;
    private final int userPool;
    private long sequence;

    /**
     * @param seed            random seed
     * @param runId           prefix of every call id, so that a verifier finds this run's calls
     * @param baseEpochSecond calls start in the hour before this time
     * @param userPool        number of distinct user ids
     */
    public CallFactory(long seed, String runId, long baseEpochSecond, int userPool) {
        this.random = new Random(seed);
        this.runId = runId;
        this.baseEpochSecond = baseEpochSecond;
        this.userPool = userPool;
    }

    public String runId() {
        return runId;
    }

    public PlannedCall next(Scenario scenario) {
        String callId = String.format("%s-%06d", runId, sequence++);
        return scenario == Scenario.GROUP ? group(callId) : single(scenario, callId);
    }

    private PlannedCall single(Scenario scenario, String callId) {
        String caller = user(-1);
        String callee = user(caller.hashCode());
        long t0 = baseEpochSecond - 3600 + random.nextInt(2400);
        long ring = 1 + random.nextInt(scenario == Scenario.MISSED ? 45 : 20);
        long talk = 5 + random.nextInt(600);
        Call c = new Call(callId, "single", 2, caller);
        c.caller("start_call", "", t0);
        Map<String, ParticipantOutcome> callees = new LinkedHashMap<>();
        Map<String, MissedReason> alerts = new LinkedHashMap<>();
        CallOutcome outcome;
        Instant answeredAt = null;
        Instant endedAt = Instant.ofEpochSecond(t0 + ring);
        switch (scenario) {
            case ANSWERED -> {
                c.callee(callee, "receive_call", "", t0);
                c.callee(callee, "accept_call", "", t0 + ring);
                c.caller("call_accepted", "", t0 + ring);
                c.acceptTs = t0 + ring;
                c.endTs = t0 + ring + talk;
                c.caller("call_end", "normal_end", t0 + ring + talk);
                c.callee(callee, "call_end", "normal_end", t0 + ring + talk);
                callees.put(callee, ParticipantOutcome.ANSWERED);
                outcome = CallOutcome.COMPLETED;
                answeredAt = Instant.ofEpochSecond(t0 + ring);
                endedAt = Instant.ofEpochSecond(t0 + ring + talk);
            }
            case MISSED -> {
                c.callee(callee, "receive_call", "", t0);
                c.callee(callee, "not_answer_call", "not_answer", t0 + ring);
                c.caller("call_missed", "not_answer", t0 + ring);
                callees.put(callee, ParticipantOutcome.MISSED);
                alerts.put(callee, MissedReason.NO_ANSWER);
                outcome = CallOutcome.MISSED;
            }
            case REJECTED -> {
                c.callee(callee, "receive_call", "", t0);
                c.callee(callee, "reject_call", "reject", t0 + ring);
                c.caller("call_rejected", "reject", t0 + ring);
                callees.put(callee, ParticipantOutcome.REJECTED);
                outcome = CallOutcome.REJECTED;
            }
            case BUSY -> {
                c.caller("call_busy", "call_busy", t0 + 1);
                outcome = CallOutcome.BUSY;
            }
            case CANCELLED -> {
                c.callee(callee, "receive_call", "", t0);
                c.caller("cancel_call", "cancel", t0 + ring);
                c.callee(callee, "call_canceled", "cancel", t0 + ring);
                callees.put(callee, ParticipantOutcome.MISSED);
                alerts.put(callee, MissedReason.CALLER_CANCELLED);
                outcome = CallOutcome.CANCELLED;
            }
            default -> throw new IllegalArgumentException(scenario.name());
        }
        ExpectedCall expected = new ExpectedCall(callId, scenario, outcome, caller, callees, alerts,
                Instant.ofEpochSecond(t0), answeredAt, endedAt);
        return new PlannedCall(expected, c.webhooks);
    }

    private PlannedCall group(String callId) {
        String caller = user(-1);
        int n = 2 + random.nextInt(3);
        List<String> members = new ArrayList<>();
        while (members.size() < n) {
            String u = user(caller.hashCode());
            if (!members.contains(u)) {
                members.add(u);
            }
        }
        long t0 = baseEpochSecond - 3600 + random.nextInt(2400);
        Call c = new Call(callId, "group", n + 1, caller);
        c.caller("start_call", "", t0);
        Map<String, ParticipantOutcome> callees = new LinkedHashMap<>();
        Map<String, MissedReason> alerts = new LinkedHashMap<>();
        long firstAnswer = Long.MAX_VALUE;
        List<String> answered = new ArrayList<>();
        for (String m : members) {
            long ring = 1 + random.nextInt(20);
            c.callee(m, "receive_call", "", t0);
            int roll = random.nextInt(10);
            if (roll < 5) {
                c.callee(m, "accept_call", "", t0 + ring);
                callees.put(m, ParticipantOutcome.ANSWERED);
                answered.add(m);
                firstAnswer = Math.min(firstAnswer, t0 + ring);
            } else if (roll < 8) {
                c.callee(m, "not_answer_call", "", t0 + ring);
                callees.put(m, ParticipantOutcome.MISSED);
                alerts.put(m, MissedReason.NO_ANSWER);
            } else {
                c.callee(m, "reject_call", "", t0 + ring);
                callees.put(m, ParticipantOutcome.REJECTED);
            }
        }
        CallOutcome outcome;
        Instant answeredAt = null;
        Instant endedAt;
        if (!answered.isEmpty()) {
            long end = firstAnswer + 20 + random.nextInt(900);
            c.acceptTs = firstAnswer;
            c.endTs = end;
            c.caller("call_end", "normal_end", end);
            for (String m : answered) {
                c.callee(m, "call_end", "normal_end", end);
            }
            outcome = CallOutcome.COMPLETED;
            answeredAt = Instant.ofEpochSecond(firstAnswer);
            endedAt = Instant.ofEpochSecond(end);
        } else {
            outcome = alerts.isEmpty() ? CallOutcome.REJECTED : CallOutcome.MISSED;
            endedAt = Instant.ofEpochSecond(t0);
        }
        ExpectedCall expected = new ExpectedCall(callId, Scenario.GROUP, outcome, caller, callees, alerts,
                Instant.ofEpochSecond(t0), answeredAt, endedAt);
        return new PlannedCall(expected, c.webhooks);
    }

    private String user(int avoidHash) {
        while (true) {
            String u = "user-" + random.nextInt(userPool);
            if (u.hashCode() != avoidHash) {
                return u;
            }
        }
    }

    /** Accumulates the webhooks of one call; both sides share room, media type and start time. */
    private final class Call {
        final String callId;
        final String callType;
        final int totalNum;
        final String caller;
        final String roomId;
        final String mediaType;
        long startTs = -1;
        long acceptTs;
        long endTs;
        final List<WebhookRequest> webhooks = new ArrayList<>();

        Call(String callId, String callType, int totalNum, String caller) {
            this.callId = callId;
            this.callType = callType;
            this.totalNum = totalNum;
            this.caller = caller;
            this.roomId = "room-" + callId;
            this.mediaType = random.nextInt(3) == 0 ? "video" : "audio";
        }

        void caller(String event, String result, long time) {
            add(caller, "caller", event, result, time);
        }

        void callee(String user, String event, String result, long time) {
            add(user, "callee", event, result, time);
        }

        private void add(String user, String role, String event, String result, long time) {
            if (startTs < 0) {
                startTs = time;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("UserId", user);
            body.put("RoomId", roomId);
            body.put("TotalNum", totalNum);
            body.put("MediaType", mediaType);
            body.put("CallType", callType);
            body.put("CallId", callId);
            body.put("Role", role);
            body.put("Event", event);
            body.put("CallResult", result);
            body.put("EventTime", time);
            body.put("StartCallTs", startTs);
            if ("normal_end".equals(result)) {
                body.put("AcceptTs", acceptTs);
                body.put("EndTs", endTs);
            }
            String command = "call_end".equals(event) ? "normal_end" : role + "_" + event;
            String ip = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            webhooks.add(new WebhookRequest(callId, event, command, PLATFORMS.get(random.nextInt(PLATFORMS.size())), ip,
                    json(body)));
        }
    }

    /** The body as TUICallKit sends it: a JSON object of the fields in order. */
    static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook body: " + e.getMessage(), e);
        }
    }
}

package io.callstream.deploy.traffic;

import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares what the processor emitted for one call with what the generator expects: the latest
 * summary revision (outcome, call and media type, the participants: the caller once as CALLER and
 * every expected callee as CALLEE with its outcome, nobody else; times, durations) and the alerts
 * (exactly one per expected callee with the expected reason and caller, if it names one; none for
 * anyone else).
 * Pure, unit-tested.
 */
public final class OutcomeCheck {

    private OutcomeCheck() {
    }

    /** The mismatches, each a readable sentence naming the call; empty when all is as expected. */
    public static List<String> mismatches(ExpectedCall e, CallSummary summary, List<MissedCallAlert> alerts) {
        List<String> out = new ArrayList<>();
        String call = "call " + e.callId() + " (" + e.label() + ")";
        if (summary == null) {
            out.add(call + ": no summary on call-summaries");
        } else {
            summary(out, call, e, summary);
        }
        alerts(out, call, e, alerts);
        return out;
    }

    /** The latest summary revision against the expectation. */
    private static void summary(List<String> out, String call, ExpectedCall e, CallSummary summary) {
        compare(out, call, "outcome", e.outcome(), summary.getOutcome());
        compare(out, call, "callType", e.callType(), summary.getCallType());
        compare(out, call, "mediaType", e.mediaType(), summary.getMediaType());
        compare(out, call, "callerId", e.callerId(), summary.getCallerId());
        compare(out, call, "participant roles", roles(e), roles(summary));
        compare(out, call, "callee outcomes", new TreeMap<>(e.callees()), callees(summary));
        compare(out, call, "startedAt", e.startedAt(), summary.getStartedAt());
        compare(out, call, "answeredAt", e.answeredAt(), summary.getAnsweredAt());
        if (e.answeredAt() != null) {
            compare(out, call, "endedAt", e.endedAt(), summary.getEndedAt());
        }
        compare(out, call, "talkDurationMs", e.talkDurationMs(), summary.getTalkDurationMs());
        compare(out, call, "ringDurationMs", e.ringDurationMs(), summary.getRingDurationMs());
    }

    /** Exactly one alert per expected callee, with its reason, id and caller; none for anyone else. */
    private static void alerts(List<String> out, String call, ExpectedCall e, List<MissedCallAlert> alerts) {
        Map<String, List<MissedReason>> got = new TreeMap<>();
        for (MissedCallAlert a : alerts) {
            got.computeIfAbsent(a.getCalleeId(), k -> new ArrayList<>()).add(a.getReason());
            if (!Objects.equals(a.getAlertId(), a.getSdkAppId() + ":" + e.callId() + ":" + a.getCalleeId())) {
                out.add(call + ": alert id " + a.getAlertId() + " is not sdkAppId:callId:calleeId");
            }
            // null is allowed: an alert goes out the moment the miss is known, maybe before the caller's first callback
            if (a.getCallerId() != null && !a.getCallerId().equals(e.callerId())) {
                out.add(call + ": alert for " + a.getCalleeId() + " names caller " + a.getCallerId() + ", expected "
                        + e.callerId());
            }
        }
        for (var exp : new TreeMap<>(e.alerts()).entrySet()) {
            List<MissedReason> reasons = got.remove(exp.getKey());
            if (reasons == null) {
                out.add(call + ": no missed-call alert for callee " + exp.getKey() + " (expected " + exp.getValue() + ")");
            } else if (reasons.size() > 1) {
                out.add(call + ": " + reasons.size() + " alerts for callee " + exp.getKey() + " (expected exactly one)");
            } else if (reasons.get(0) != exp.getValue()) {
                out.add(call + ": alert reason for " + exp.getKey() + " expected " + exp.getValue() + ", got " + reasons.get(0));
            }
        }
        got.forEach((callee, reasons) -> out.add(call + ": unexpected missed-call alert for " + callee + " " + reasons));
    }

    /**
     * The kind of a mismatch, for counting: the scenario and families and the sentence without call
     * id, user ids, times, numbers and maps, e.g. {@code answered/v4: unexpected missed-call alert for <user> [NO_ANSWER]}.
     */
    public static String kind(String mismatch) {
        String rest = mismatch.replaceFirst("^call \\S+ \\(", "").replaceFirst("^([a-z0-9+/-]+)\\): ", "$1: ");
        return rest.replaceAll("\\{[^}]*}", "{...}").replaceAll("user-\\d+", "<user>")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z", "<time>")
                .replaceAll("-?\\b\\d{2,}\\b", "<n>");
    }

    /** The caller as CALLER, every callee as CALLEE. */
    private static Map<String, CallRole> roles(ExpectedCall e) {
        Map<String, CallRole> m = new TreeMap<>();
        e.callees().keySet().forEach(u -> m.put(u, CallRole.CALLEE));
        m.put(e.callerId(), CallRole.CALLER);
        return m;
    }

    /** Each participant's role; a user listed twice shows both roles. */
    private static Map<String, Object> roles(CallSummary s) {
        Map<String, Object> m = new TreeMap<>();
        for (Participant p : s.getParticipants()) {
            m.merge(p.getUserId(), p.getRole(), (a, b) -> a + "+" + b);
        }
        return m;
    }

    private static Map<String, ParticipantOutcome> callees(CallSummary s) {
        Map<String, ParticipantOutcome> m = new TreeMap<>();
        for (Participant p : s.getParticipants()) {
            if (p.getRole() == CallRole.CALLEE) {
                m.put(p.getUserId(), p.getOutcome());
            }
        }
        return m;
    }

    private static void compare(List<String> out, String call, String what, Object expected, Object actual) {
        Object e = expected instanceof Instant i ? i.toEpochMilli() : expected;
        Object a = actual instanceof Instant i ? i.toEpochMilli() : actual;
        if (!Objects.equals(e, a)) {
            out.add(call + ": " + what + " expected " + render(expected) + ", got " + render(actual));
        }
    }

    private static String render(Object o) {
        return o == null ? "null" : o.toString();
    }
}

package io.callstream.deploy.traffic;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;
import java.time.Instant;
import java.util.Map;

/**
 * What the processor must emit for a generated call (CONTRACT section 4, docs/processor.md): the
 * summary's outcome, call and media type, caller, callee outcomes and times, and exactly one alert
 * per listed callee.
 *
 * @param families    the callback families the call was sent in
 * @param answeredAt  null when nobody answered
 * @param endedAt     checked only when answered (the end of an unanswered call is the processor's choice)
 */
public record ExpectedCall(String callId, Scenario scenario, CallFamilies families, CallOutcome outcome,
                           String callerId, CallType callType, MediaType mediaType,
                           Map<String, ParticipantOutcome> callees, Map<String, MissedReason> alerts,
                           Instant startedAt, Instant answeredAt, Instant endedAt) {

    public ExpectedCall {
        callees = Map.copyOf(callees);
        alerts = Map.copyOf(alerts);
    }

    /** The scenario and the families, e.g. {@code answered/v4}: how mismatches name the kind of call. */
    public String label() {
        return scenario.label() + "/" + families.label();
    }

    public long talkDurationMs() {
        return answeredAt == null ? 0 : endedAt.toEpochMilli() - answeredAt.toEpochMilli();
    }

    public Long ringDurationMs() {
        return answeredAt == null ? null : answeredAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}

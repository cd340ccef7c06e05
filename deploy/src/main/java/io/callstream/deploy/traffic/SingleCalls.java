package io.callstream.deploy.traffic;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallType;
import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.deploy.traffic.CallStory.Action;
import io.callstream.deploy.traffic.CallStory.Result;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * The stories of 1:1 calls and what each must produce. Times are whole seconds: the caller starts
 * at {@code t0}, the callee answers or the call is decided {@code ring} seconds later, an answered
 * call lasts {@code talk} seconds more. An authoritative end record's times are the ones expected
 * ({@code StartTime}/{@code AcceptTime}/{@code EndTime}, {@code StartCallTs}/{@code AcceptTs}/{@code EndTs}).
 */
final class SingleCalls {

    private final Random random;

    SingleCalls(Random random) {
        this.random = random;
    }

    CallFactory.Written write(Scenario scenario, CallFactory.Draft d) {
        String callee = d.callees().get(0);
        long t0 = d.t0();
        long ring = 1 + random.nextInt(scenario == Scenario.MISSED ? 45 : 20);
        long talk = 5 + random.nextInt(600);
        StoryBuilder b = new StoryBuilder(random, d).at(t0, Action.START, d.caller());
        Expect e = switch (scenario) {
            case ANSWERED -> {
                b.at(t0, Action.RING, callee).at(t0 + ring, Action.ANSWER, callee)
                        .at(t0 + ring + talk, Action.HANG_UP, random.nextBoolean() ? d.caller() : callee)
                        .end(Result.NORMAL_END, t0 + ring, t0 + ring + talk);
                yield new Expect(CallOutcome.COMPLETED, ParticipantOutcome.ANSWERED, null, t0 + ring, t0 + ring + talk);
            }
            case MISSED -> {
                b.at(t0, Action.RING, callee).at(t0 + ring, Action.NOT_ANSWER, callee)
                        .end(Result.NOT_ANSWER, null, t0 + ring);
                yield new Expect(CallOutcome.MISSED, ParticipantOutcome.MISSED, MissedReason.NO_ANSWER, null, t0 + ring);
            }
            case REJECTED -> {
                b.at(t0, Action.RING, callee).at(t0 + ring, Action.REJECT, callee).end(Result.REJECT, null, t0 + ring);
                yield new Expect(CallOutcome.REJECTED, ParticipantOutcome.REJECTED, null, null, t0 + ring);
            }
            case BUSY -> {
                b.at(t0 + 1, Action.BUSY, callee).end(Result.CALL_BUSY, null, t0 + 1);
                // v1 events come from the caller alone; a v4 start call names the busy callee
                yield d.families().v4() ? new Expect(CallOutcome.BUSY, ParticipantOutcome.BUSY, MissedReason.BUSY, null, t0 + 1)
                        : new Expect(CallOutcome.BUSY, null, null, null, t0 + 1);
            }
            case CANCELLED -> {
                b.at(t0, Action.RING, callee).at(t0 + ring, Action.CANCEL, callee).end(Result.CANCEL, null, t0 + ring);
                yield new Expect(CallOutcome.CANCELLED, ParticipantOutcome.MISSED, MissedReason.CALLER_CANCELLED, null,
                        t0 + ring);
            }
            case OFFLINE -> {
                b.at(t0, Action.RING, callee).at(t0 + ring, Action.ANSWER, callee)
                        .at(t0 + ring + talk, Action.OFFLINE, random.nextBoolean() ? d.caller() : callee)
                        .end(Result.OFFLINE, t0 + ring, t0 + ring + talk);
                yield new Expect(CallOutcome.INTERRUPTED, ParticipantOutcome.INTERRUPTED, null, t0 + ring, t0 + ring + talk);
            }
            default -> throw new IllegalArgumentException(scenario.name());
        };
        return new CallFactory.Written(b.build(), expected(scenario, d, e));
    }

    /** The call's outcome, the callee's outcome and alert reason (null: none), and the times. */
    private record Expect(CallOutcome outcome, ParticipantOutcome callee, MissedReason alert, Long answered, long ended) {
    }

    private static ExpectedCall expected(Scenario scenario, CallFactory.Draft d, Expect e) {
        String callee = d.callees().get(0);
        return new ExpectedCall(d.callId(), scenario, d.families(), e.outcome(), d.caller(), CallType.SINGLE,
                d.mediaType(), e.callee() == null ? Map.of() : Map.of(callee, e.callee()),
                e.alert() == null ? Map.of() : Map.of(callee, e.alert()), Instant.ofEpochSecond(d.t0()),
                e.answered() == null ? null : Instant.ofEpochSecond(e.answered()), Instant.ofEpochSecond(e.ended()));
    }
}

package io.callstream.deploy.traffic;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallType;
import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.deploy.traffic.CallStory.Action;
import io.callstream.deploy.traffic.CallStory.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The story of a group call and what it must produce. The caller invites 2-4 callees; each answers
 * within 20 s, rejects, does not answer (their invitations time out together after 30 s) or, when
 * someone else answered and the call is sent in v4, has its invitation cancelled by the caller. Once answered, the call may
 * invite one more user (who answers or not) and another user may join by itself; answered callees
 * may leave early, and the caller hangs up last but one (the call ends when one participant is left).
 */
final class GroupCalls {

    /** An invitation not answered by then counts as not answered. */
    static final int RING_TIMEOUT_SECONDS = 30;

    private final Random random;
    private final Supplier<String> newUser;

    /** @param newUser a user who is not yet in the call being written */
    GroupCalls(Random random, Supplier<String> newUser) {
        this.random = random;
        this.newUser = newUser;
    }

    /** The call being written: the story so far and the callees' expected outcomes. */
    private static final class Call {
        final StoryBuilder story;
        final Map<String, ParticipantOutcome> callees = new LinkedHashMap<>();
        final Map<String, MissedReason> alerts = new LinkedHashMap<>();
        /** Answered callees and when they answered. */
        final Map<String, Long> answered = new LinkedHashMap<>();

        Call(StoryBuilder story) {
            this.story = story;
        }

        void decide(String callee, ParticipantOutcome outcome, MissedReason alert) {
            callees.put(callee, outcome);
            if (alert != null) {
                alerts.put(callee, alert);
            }
        }

        long firstAnswer() {
            return answered.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        }

        long lastAnswer() {
            return answered.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        }
    }

    CallFactory.Written write(CallFactory.Draft d) {
        long t0 = d.t0();
        Call call = new Call(new StoryBuilder(random, d).at(t0, Action.START, d.caller()).at(t0, Action.RING, d.callees()));
        invitations(call, d);
        CallOutcome outcome;
        Long endSecond;
        if (call.answered.isEmpty()) {
            boolean allRejected = call.callees.values().stream().allMatch(o -> o == ParticipantOutcome.REJECTED);
            outcome = allRejected ? CallOutcome.REJECTED : CallOutcome.MISSED;
            endSecond = call.story.latest();
            call.story.end(allRejected ? Result.REJECT : Result.NOT_ANSWER, null, endSecond);
        } else {
            inviteAndJoin(call);
            endSecond = call.story.latest() + 20 + random.nextInt(900);
            leaveEarly(call, endSecond);
            call.story.at(endSecond, Action.HANG_UP, d.caller()).end(Result.NORMAL_END, call.firstAnswer(), endSecond);
            outcome = CallOutcome.COMPLETED;
        }
        Long answeredAt = call.answered.isEmpty() ? null : call.firstAnswer();
        ExpectedCall expected = new ExpectedCall(d.callId(), Scenario.GROUP, d.families(), outcome, d.caller(),
                CallType.GROUP, d.mediaType(), call.callees, call.alerts, Instant.ofEpochSecond(t0),
                answeredAt == null ? null : Instant.ofEpochSecond(answeredAt), Instant.ofEpochSecond(endSecond));
        return new CallFactory.Written(call.story.build(), expected);
    }

    /**
     * Each invited callee answers (45 %), does not answer (25 %), rejects (20 %) or has its invitation
     * cancelled (10 %; only when someone else answered and the call is sent in v4: no v1 callback says
     * that one invitation of a group call was withdrawn, otherwise the callee does not answer).
     */
    private void invitations(Call call, CallFactory.Draft d) {
        long t0 = d.t0();
        int[] rolls = d.callees().stream().mapToInt(c -> random.nextInt(20)).toArray();
        boolean anyAnswer = java.util.Arrays.stream(rolls).anyMatch(r -> r < 9);
        List<String> timedOut = new ArrayList<>();
        for (int i = 0; i < rolls.length; i++) {
            String callee = d.callees().get(i);
            if (rolls[i] < 9) {
                long t = t0 + 1 + random.nextInt(20);
                call.story.at(t, Action.ANSWER, callee);
                call.answered.put(callee, t);
                call.decide(callee, ParticipantOutcome.ANSWERED, null);
            } else if (rolls[i] >= 14 && rolls[i] < 18) {
                call.story.at(t0 + 1 + random.nextInt(20), Action.REJECT, callee);
                call.decide(callee, ParticipantOutcome.REJECTED, null);
            } else if (rolls[i] >= 18 && anyAnswer && d.families().v4()) {
                call.story.at(t0 + 5 + random.nextInt(20), Action.CANCEL_INVITE, callee);
                call.decide(callee, ParticipantOutcome.MISSED, MissedReason.CALLER_CANCELLED);
            } else {
                timedOut.add(callee);
                call.decide(callee, ParticipantOutcome.MISSED, MissedReason.NO_ANSWER);
            }
        }
        if (!timedOut.isEmpty()) {
            call.story.at(t0 + RING_TIMEOUT_SECONDS, Action.NOT_ANSWER, timedOut);
        }
    }

    /** Once answered: one more user invited (40 %; answers 60 %), and one joining by itself (30 %). */
    private void inviteAndJoin(Call call) {
        if (random.nextInt(10) < 4) {
            String invitee = newUser.get();
            long t = call.firstAnswer() + 5 + random.nextInt(55);
            call.story.at(t, Action.INVITE, invitee).at(t, Action.RING, invitee);
            if (random.nextInt(10) < 6) {
                long answer = t + 1 + random.nextInt(20);
                call.story.at(answer, Action.ANSWER, invitee);
                call.answered.put(invitee, answer);
                call.decide(invitee, ParticipantOutcome.ANSWERED, null);
            } else {
                call.story.at(t + RING_TIMEOUT_SECONDS, Action.NOT_ANSWER, invitee);
                call.decide(invitee, ParticipantOutcome.MISSED, MissedReason.NO_ANSWER);
            }
        }
        if (random.nextInt(10) < 3) {
            String joiner = newUser.get();
            long t = call.firstAnswer() + 5 + random.nextInt(55);
            call.story.at(t, Action.JOIN, joiner);
            call.answered.put(joiner, t);
            call.decide(joiner, ParticipantOutcome.ANSWERED, null);
        }
    }

    /** Answered callees but the last one may hang up before the end, after everyone answered. */
    private void leaveEarly(Call call, long endSecond) {
        List<String> answered = new ArrayList<>(call.answered.keySet());
        long from = call.lastAnswer() + 1;
        for (String callee : answered.subList(0, answered.size() - 1)) {
            if (random.nextBoolean() && endSecond - 1 > from) {
                call.story.at(from + random.nextInt((int) (endSecond - 1 - from)), Action.HANG_UP, callee);
            }
        }
    }
}

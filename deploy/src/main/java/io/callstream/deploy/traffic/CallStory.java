package io.callstream.deploy.traffic;

import java.util.List;

/**
 * What happened in one generated call, told once, independent of any callback family: who started
 * it, who was invited, the moments in time order (answers, rejections, invitations, hang-ups, ...)
 * and how it ended. {@link CallFactory} writes it for a {@link Scenario}; the family writers
 * ({@link V1EventCallbacks}, {@link V1StatusCallback}, {@link V4Callbacks}) turn it into the
 * callbacks TUICallKit would send for it, so every family tells the same call.
 *
 * @param moments         in time order; the first is {@link Action#START}
 * @param numericAccounts v4 bodies write this call's all-digit user ids as bare JSON numbers
 *                        (as the docs' samples do), v1 bodies always as strings
 */
public record CallStory(String callId, boolean group, boolean video, String roomId, String caller,
                        List<String> callees, List<Moment> moments, Ending ending, boolean numericAccounts) {

    public CallStory {
        callees = List.copyOf(callees);
        moments = List.copyOf(moments);
    }

    /** The call's start, Unix seconds. */
    public long startSecond() {
        return moments.get(0).second();
    }

    /** What a moment is; who it is about is in {@link Moment#users()}. */
    public enum Action {
        /** The caller starts the call; {@code users} = the caller. */
        START,
        /** The invitation rings at the callees (only v1 reports it: {@code receive_call}). */
        RING,
        ANSWER,
        /** The callees did not answer in time (several at once when their invitations time out together). */
        NOT_ANSWER,
        REJECT,
        /** The callee's line is busy; {@code users} = that callee. */
        BUSY,
        /** The caller cancels while the callees ({@code users}) ring. */
        CANCEL,
        /** The caller withdraws the invitation of one ringing callee of a group call. */
        CANCEL_INVITE,
        /** A new callee is invited into the ongoing group call. */
        INVITE,
        /** A user joins the ongoing group call by itself. */
        JOIN,
        HANG_UP,
        /** The user's heartbeat expired: it dropped out of the call. */
        OFFLINE
    }

    /**
     * One moment of the call.
     *
     * @param second Unix seconds (what v1 bodies carry)
     * @param millis the milliseconds within that second (v4 {@code EventTime}s are milliseconds)
     */
    public record Moment(long second, int millis, Action action, List<String> users) {

        public Moment {
            users = List.copyOf(users);
        }

        public long epochMillis() {
            return second * 1000 + millis;
        }
    }

    /** The call's results in both generations' words: v1 {@code CallResult} and v4 {@code CallRecord.CallResult}. */
    public enum Result {
        NORMAL_END("normal_end", "NormalEnd"),
        CANCEL("cancel", "Cancel"),
        REJECT("reject", "Reject"),
        NOT_ANSWER("not_answer", "NotAnswer"),
        CALL_BUSY("call_busy", "CallBusy"),
        /** A participant's heartbeat expired: v4 says {@code Offline}, the v1 status callback {@code interrupt}. */
        OFFLINE("interrupt", "Offline");

        private final String v1;
        private final String v4;

        Result(String v1, String v4) {
            this.v1 = v1;
            this.v4 = v4;
        }

        public String v1() {
            return v1;
        }

        public String v4() {
            return v4;
        }
    }

    /**
     * How the call ended: what the end-of-call records (v4 {@code CallRecord}, v1 status callback) say.
     *
     * @param acceptSecond the first answer, Unix seconds; null if nobody answered
     * @param endSecond    when the call was torn down, Unix seconds
     * @param reportMillis the end record's {@code EventTime} lies this many milliseconds after {@code endSecond}
     */
    public record Ending(Result result, Long acceptSecond, long endSecond, int reportMillis) {
    }
}

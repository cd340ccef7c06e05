package io.callstream.schemas;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallResult;

/**
 * Tencent's {@code CallResult} in callstream's terms: which result an outcome means, and how each callback
 * and record generation spells it (callkit-v4-and-records.md sections 2 and 4). Part of the contract: the
 * records API and the callbacks service's {@code Call.CallbackAfterEndCall} answer the same result for a
 * call, and ingest reads back every word written here.
 */
public final class CallResults {

    private CallResults() {
    }

    /**
     * The result an outcome means: a timed-out call is an interruption when it was answered, else not
     * answered; FAILED is an interruption.
     */
    public static CallResult of(CallOutcome outcome, boolean answered) {
        return switch (outcome) {
            case COMPLETED -> CallResult.NORMAL_END;
            case MISSED -> CallResult.NOT_ANSWER;
            case REJECTED -> CallResult.REJECT;
            case BUSY -> CallResult.CALL_BUSY;
            case CANCELLED -> CallResult.CANCEL;
            case FAILED, INTERRUPTED -> CallResult.INTERRUPT;
            case TIMED_OUT -> answered ? CallResult.INTERRUPT : CallResult.NOT_ANSWER;
            case UNKNOWN -> CallResult.UNKNOWN;
        };
    }

    /** The v1 spelling ({@code not_answer}); null for UNKNOWN. {@code offline} is the records' word. */
    public static String v1(CallResult r) {
        return switch (r) {
            case NORMAL_END -> "normal_end";
            case CANCEL -> "cancel";
            case REJECT -> "reject";
            case NOT_ANSWER -> "not_answer";
            case CALL_BUSY -> "call_busy";
            case INTERRUPT -> "interrupt";
            case OFFLINE -> "offline";
            case UNKNOWN -> null;
        };
    }

    /** The v4 spelling ({@code NotAnswer}); null for UNKNOWN. */
    public static String v4(CallResult r) {
        return switch (r) {
            case NORMAL_END -> "NormalEnd";
            case CANCEL -> "Cancel";
            case REJECT -> "Reject";
            case NOT_ANSWER -> "NotAnswer";
            case CALL_BUSY -> "CallBusy";
            case INTERRUPT -> "Interrupt";
            case OFFLINE -> "Offline";
            case UNKNOWN -> null;
        };
    }
}

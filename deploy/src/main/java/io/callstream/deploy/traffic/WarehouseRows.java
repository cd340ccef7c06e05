package io.callstream.deploy.traffic;

import java.util.List;

/**
 * The rows a generated run must leave in the warehouse tables of {@code deploy/local.sh --warehouse}:
 * one {@code call_summaries} row per call, one {@code call_participants} row per participant (the
 * caller, when known, and every expected callee), one {@code missed_call_alerts} row per expected alert.
 */
public record WarehouseRows(long calls, long participants, long alerts) {

    public static WarehouseRows of(List<ExpectedCall> expected) {
        long participants = 0;
        long alerts = 0;
        for (ExpectedCall e : expected) {
            participants += (e.callerId() == null ? 0 : 1) + e.callees().size();
            alerts += e.alerts().size();
        }
        return new WarehouseRows(expected.size(), participants, alerts);
    }

    /** E.g. {@code warehouse rows expected: call_summaries 10000, call_participants 21873, missed_call_alerts 3012}. */
    public String render() {
        return "warehouse rows expected: call_summaries " + calls + ", call_participants " + participants
                + ", missed_call_alerts " + alerts;
    }
}

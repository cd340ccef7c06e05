package io.callstream.bench;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.processor.session.CallSessionAggregator;
import io.callstream.processor.state.CallSession;
import io.callstream.processor.topology.CallSessionSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Bytes of processor state per call, as stored: the session value in store {@code call-sessions}
 * (the processor's own serde) plus its key, plus the timer entry in {@code call-session-timers}
 * (8-byte due time + callId, empty value). The same bytes go to each store's changelog topic.
 */
final class StateFootprint {

    private StateFootprint() {
    }

    static List<String> table() {
        List<String> rows = new ArrayList<>();
        rows.add("| call state | events merged | session value | + key + timer entry |");
        rows.add("|---|---|---|---|");
        rows.add(row("1:1, ringing (in flight)", oneToOne(2)));
        rows.add(row("1:1, answered, talking (in flight)", oneToOne(4)));
        rows.add(row("1:1, ended (kept for late events until retention)", oneToOne(6)));
        rows.add(row("group, 1 caller + 8 callees, ended", group(8)));
        return rows;
    }

    private static String row(String name, List<CallEvent> events) {
        CallSession s = CallSessionAggregator.newSession(events.get(0), System.currentTimeMillis());
        for (CallEvent e : events) {
            CallSessionAggregator.merge(s, e, System.currentTimeMillis());
        }
        s.setTimerAt(System.currentTimeMillis());
        try (CallSessionSerde serde = new CallSessionSerde()) {
            int value = serde.serialize("call-sessions", s).length;
            int key = events.get(0).getCallId().getBytes(StandardCharsets.UTF_8).length;
            return String.format(Locale.ROOT, "| %s | %d | %d B | %d B |", name, events.size(), value,
                    value + key + 8 + key);
        }
    }

    private static List<CallEvent> oneToOne(int n) {
        String callId = UUID.randomUUID().toString();
        Object[][] flow = {{CallRole.CALLER, CallEventType.START_CALL, 0}, {CallRole.CALLEE, CallEventType.RECEIVE_CALL, 1},
            {CallRole.CALLEE, CallEventType.ACCEPT_CALL, 5}, {CallRole.CALLER, CallEventType.CALL_ACCEPTED, 5},
            {CallRole.CALLER, CallEventType.CALL_END, 65}, {CallRole.CALLEE, CallEventType.CALL_END, 65}};
        List<CallEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event(callId, (CallRole) flow[i][0], (CallEventType) flow[i][1], (Integer) flow[i][2],
                    CallType.SINGLE, flow[i][0] == CallRole.CALLER ? "user-alice-0001" : "user-bob-0002"));
        }
        return events;
    }

    private static List<CallEvent> group(int callees) {
        String callId = UUID.randomUUID().toString();
        List<CallEvent> events = new ArrayList<>();
        events.add(event(callId, CallRole.CALLER, CallEventType.START_CALL, 0, CallType.GROUP, "user-alice-0001"));
        for (int i = 0; i < callees; i++) {
            String user = "user-callee-000" + i;
            events.add(event(callId, CallRole.CALLEE, CallEventType.RECEIVE_CALL, 1, CallType.GROUP, user));
            events.add(event(callId, CallRole.CALLEE, i % 2 == 0 ? CallEventType.ACCEPT_CALL
                    : CallEventType.NOT_ANSWER_CALL, 5, CallType.GROUP, user));
            if (i % 2 == 0) {
                events.add(event(callId, CallRole.CALLEE, CallEventType.CALL_END, 60, CallType.GROUP, user));
            }
        }
        events.add(event(callId, CallRole.CALLER, CallEventType.CALL_END, 60, CallType.GROUP, "user-alice-0001"));
        return events;
    }

    private static CallEvent event(String callId, CallRole role, CallEventType type, int second, CallType callType,
                                   String user) {
        Instant start = Instant.ofEpochSecond(1_764_000_000L);
        CallEvent e = CallEventsPreload.event(callId, 0, role, type, start.plusSeconds(second), start);
        e.setEventId(UUID.randomUUID().toString());
        e.setUserId(user);
        e.setCallType(callType);
        return e;
    }
}

package io.callstream.processor.session;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_ACCEPTED;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.processor.CallEvents;
import io.callstream.processor.state.CallSession;
import io.callstream.processor.topology.CallSessionSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bytes per session in store call-sessions (reported in the README). */
class SessionSizeTest {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSizeTest.class);
    private final CallSessionSerde serde = new CallSessionSerde();

    @Test
    void shouldStoreOneToOneCallInUnderOneKilobyteWhenAllSixEventsMerged() {
        String callId = UUID.randomUUID().toString();
        List<CallEvent> events = List.of(ev(callId, "user-alice-0001", CallRole.CALLER, START_CALL, CallType.SINGLE, 0),
                ev(callId, "user-bob-0002", CallRole.CALLEE, RECEIVE_CALL, CallType.SINGLE, 1),
                ev(callId, "user-bob-0002", CallRole.CALLEE, ACCEPT_CALL, CallType.SINGLE, 5),
                ev(callId, "user-alice-0001", CallRole.CALLER, CALL_ACCEPTED, CallType.SINGLE, 5),
                ev(callId, "user-alice-0001", CallRole.CALLER, CALL_END, CallType.SINGLE, 65),
                ev(callId, "user-bob-0002", CallRole.CALLEE, CALL_END, CallType.SINGLE, 65));
        int bytes = sizeAfter(events);
        LOG.info("1:1 call session (6 events, UUID eventIds): {} bytes", bytes);

        assertThat(bytes).isLessThan(1024);
    }

    @Test
    void shouldGrowLinearlyWhenGroupCallHasEightCallees() {
        String callId = UUID.randomUUID().toString();
        List<CallEvent> events = new ArrayList<>();
        events.add(ev(callId, "user-alice-0001", CallRole.CALLER, START_CALL, CallType.GROUP, 0));
        for (int i = 0; i < 8; i++) {
            String user = "user-callee-000" + i;
            events.add(ev(callId, user, CallRole.CALLEE, RECEIVE_CALL, CallType.GROUP, 1));
            events.add(ev(callId, user, CallRole.CALLEE, i % 2 == 0 ? ACCEPT_CALL : NOT_ANSWER_CALL, CallType.GROUP, 5));
            if (i % 2 == 0) {
                events.add(ev(callId, user, CallRole.CALLEE, CALL_END, CallType.GROUP, 60));
            }
        }
        events.add(ev(callId, "user-alice-0001", CallRole.CALLER, CALL_END, CallType.GROUP, 60));
        int bytes = sizeAfter(events);
        LOG.info("group call session (1 caller, 8 callees, {} events): {} bytes", events.size(), bytes);

        assertThat(bytes).isLessThan(2048);
    }

    private int sizeAfter(List<CallEvent> events) {
        CallSession s = CallSessionAggregator.newSession(events.get(0), System.currentTimeMillis());
        for (CallEvent e : events) {
            CallSessionAggregator.merge(s, e, System.currentTimeMillis());
        }
        s.setTimerAt(System.currentTimeMillis());
        s.setDecidedAtWall(System.currentTimeMillis());
        byte[] bytes = serde.serialize("t", s);
        assertThat(serde.deserialize("t", bytes)).isEqualTo(s);
        return bytes.length;
    }

    private static CallEvent ev(String callId, String user, CallRole role, CallEventType type, CallType ct, int s) {
        CallEvent e = CallEvents.event(callId, user, role, type, ct, s);
        e.setEventId(UUID.randomUUID().toString());
        return e;
    }
}

package io.callstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.processor.CallEvents;
import io.callstream.processor.session.CallSessionAggregator;
import io.callstream.processor.state.CallSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The session serde writes with Avro's generated custom coders: the bytes must be exactly those of
 * Avro's generic writer (state and changelogs written before stay readable), and round trip.
 */
class CallSessionSerdeTest {

    private final CallSessionSerde serde = new CallSessionSerde();

    @Test
    void shouldWriteExactlyTheBytesOfAvrosGenericWriterWhenEncodingASession() throws IOException {
        for (CallSession s : List.of(oneToOne(), group())) {
            assertThat(serde.serialize("t", s)).isEqualTo(genericBytes(s));
        }
    }

    @Test
    void shouldReadBytesOfAvrosGenericWriterBackToAnEqualSession() throws IOException {
        for (CallSession s : List.of(oneToOne(), group())) {
            CallSession decoded = serde.deserialize("t", genericBytes(s));

            assertThat(decoded).isEqualTo(s);
            assertThat(serde.serialize("t", decoded)).isEqualTo(serde.serialize("t", s));
        }
    }

    @Test
    void shouldKeepDecodedSessionsMutableWhenMergingLaterEvents() {
        CallSession s = oneToOne();
        CallSession decoded = serde.deserialize("t", serde.serialize("t", s));
        CallEvent late = CallEvents.event("call-1", "user-carol", CallRole.CALLEE, CallEventType.RECEIVE_CALL,
                CallType.SINGLE, 70);
        late.setEventId("late-1");

        CallSessionAggregator.merge(decoded, late, 1_000L);
        CallSessionAggregator.merge(s, late, 1_000L);

        assertThat(decoded).isEqualTo(s);
    }

    @Test
    void shouldRejectUnknownFormatWhenTheFirstByteIsNotOne() {
        byte[] bytes = serde.serialize("t", oneToOne());
        bytes[0] = 9;

        assertThatThrownBy(() -> serde.deserialize("t", bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown call session format 9");
    }

    private static byte[] genericBytes(CallSession s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(CallSession.getClassSchema(), new SpecificData()).write(s, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static CallSession oneToOne() {
        String callId = "call-1";
        return session(List.of(ev(callId, "alice", CallRole.CALLER, CallEventType.START_CALL, CallType.SINGLE, 0),
                ev(callId, "bob", CallRole.CALLEE, CallEventType.RECEIVE_CALL, CallType.SINGLE, 1),
                ev(callId, "bob", CallRole.CALLEE, CallEventType.ACCEPT_CALL, CallType.SINGLE, 5),
                ev(callId, "alice", CallRole.CALLER, CallEventType.CALL_END, CallType.SINGLE, 65)));
    }

    private static CallSession group() {
        String callId = "call-2";
        List<CallEvent> events = new ArrayList<>();
        events.add(ev(callId, "alice", CallRole.CALLER, CallEventType.START_CALL, CallType.GROUP, 0));
        for (int i = 0; i < 4; i++) {
            events.add(ev(callId, "callee-" + i, CallRole.CALLEE, CallEventType.RECEIVE_CALL, CallType.GROUP, 1));
            events.add(ev(callId, "callee-" + i, CallRole.CALLEE,
                    i % 2 == 0 ? CallEventType.ACCEPT_CALL : CallEventType.NOT_ANSWER_CALL, CallType.GROUP, 5));
        }
        return session(events);
    }

    private static CallSession session(List<CallEvent> events) {
        CallSession s = CallSessionAggregator.newSession(events.get(0), 1_000L);
        for (CallEvent e : events) {
            CallSessionAggregator.merge(s, e, 1_000L);
        }
        s.setTimerAt(2_000L);
        return s;
    }

    private static CallEvent ev(String callId, String user, CallRole role, CallEventType type, CallType ct, int s) {
        CallEvent e = CallEvents.event(callId, user, role, type, ct, s);
        e.setEventId(callId + "-" + user + "-" + type);
        return e;
    }
}

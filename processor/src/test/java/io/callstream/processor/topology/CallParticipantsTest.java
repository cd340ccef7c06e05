package io.callstream.processor.topology;

import static io.callstream.avro.CallEventType.ACCEPT_CALL;
import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.CALL_MISSED;
import static io.callstream.avro.CallEventType.NOT_ANSWER_CALL;
import static io.callstream.avro.CallEventType.RECEIVE_CALL;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.SDK_APP_ID;
import static io.callstream.processor.CallEvents.at;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static io.callstream.processor.CallEvents.event;
import static io.callstream.processor.CallEvents.forApp;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.avro.ParticipantOutcome;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Topic call-participants through the real topology: one flat row per participant of every summary revision. */
class CallParticipantsTest {

    private final TopologyHarness h = new TopologyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void shouldWriteOneRowPerParticipantWhenAGroupCallIsSummarised() {
        h.send(group("g1", "alice", CallRole.CALLER, START_CALL, 0), group("g1", "bob", CallRole.CALLEE, RECEIVE_CALL, 1),
                group("g1", "carol", CallRole.CALLEE, RECEIVE_CALL, 1), group("g1", "bob", CallRole.CALLEE, ACCEPT_CALL, 4),
                group("g1", "carol", CallRole.CALLEE, NOT_ANSWER_CALL, 30));
        assertThat(h.participants()).as("no row before the summary").isEmpty();

        h.send(group("g1", "bob", CallRole.CALLEE, CALL_END, 60), group("g1", "alice", CallRole.CALLER, CALL_END, 60));

        assertThat(h.summaries()).hasSize(1);
        assertThat(h.participants()).containsExactly(
                KeyValue.pair(SDK_APP_ID + ":g1:alice", row("g1", "alice", CallRole.CALLER, ParticipantOutcome.ANSWERED,
                        0, 60, CallType.GROUP, CallOutcome.COMPLETED, 4, 60, 1)),
                KeyValue.pair(SDK_APP_ID + ":g1:bob", row("g1", "bob", CallRole.CALLEE, ParticipantOutcome.ANSWERED,
                        4, 60, CallType.GROUP, CallOutcome.COMPLETED, 4, 60, 1)),
                KeyValue.pair(SDK_APP_ID + ":g1:carol", row("g1", "carol", CallRole.CALLEE, ParticipantOutcome.MISSED,
                        null, 30, CallType.GROUP, CallOutcome.COMPLETED, 4, 60, 1)));
    }

    @Test
    void shouldRewriteTheSameKeysWithTheNewRevisionWhenALateEventRevisesTheSummary() {
        h.send(caller("c8", "alice", START_CALL, 0), caller("c8", "alice", CALL_MISSED, 30));
        h.advance(Duration.ofSeconds(10));
        assertThat(h.participants()).containsExactly(KeyValue.pair(SDK_APP_ID + ":c8:alice", row("c8", "alice",
                CallRole.CALLER, ParticipantOutcome.MISSED, 0, 30, CallType.SINGLE, CallOutcome.MISSED, null, 30, 1)));

        h.send(callee("c8", "bob", NOT_ANSWER_CALL, 30));

        assertThat(h.participants()).containsExactly(
                KeyValue.pair(SDK_APP_ID + ":c8:alice", row("c8", "alice", CallRole.CALLER, ParticipantOutcome.MISSED,
                        0, 30, CallType.SINGLE, CallOutcome.MISSED, null, 30, 2)),
                KeyValue.pair(SDK_APP_ID + ":c8:bob", row("c8", "bob", CallRole.CALLEE, ParticipantOutcome.MISSED,
                        null, 30, CallType.SINGLE, CallOutcome.MISSED, null, 30, 2)));
    }

    @Test
    void shouldWriteNoRowWhenALateDuplicateChangesNothing() {
        h.send(caller("c9", "alice", START_CALL, 0), callee("c9", "bob", NOT_ANSWER_CALL, 30),
                caller("c9", "alice", CALL_MISSED, 30));
        assertThat(h.participants()).hasSize(2);

        h.send(callee("c9", "bob", NOT_ANSWER_CALL, 30));

        assertThat(h.summaries()).hasSize(1);
        assertThat(h.participants()).isEmpty();
    }

    @Test
    void shouldKeyRowsByAppWhenTwoAppsShareACallIdAndAUserId() {
        long otherApp = SDK_APP_ID + 1;
        h.send(caller("c12", "alice", START_CALL, 0), forApp(otherApp, caller("c12", "alice", START_CALL, 0)),
                callee("c12", "bob", NOT_ANSWER_CALL, 30), forApp(otherApp, callee("c12", "bob", NOT_ANSWER_CALL, 30)),
                caller("c12", "alice", CALL_MISSED, 30), forApp(otherApp, caller("c12", "alice", CALL_MISSED, 30)));

        assertThat(h.participants()).extracting(kv -> kv.key).containsExactly(
                SDK_APP_ID + ":c12:alice", SDK_APP_ID + ":c12:bob", otherApp + ":c12:alice", otherApp + ":c12:bob");
    }

    private static io.callstream.avro.CallEvent group(String callId, String user, CallRole role,
                                                      io.callstream.avro.CallEventType type, int s) {
        return event(callId, user, role, type, CallType.GROUP, s);
    }

    private static CallParticipant row(String callId, String user, CallRole role, ParticipantOutcome outcome,
                                       Integer joined, Integer left, CallType callType, CallOutcome callOutcome,
                                       Integer answered, int ended, int revision) {
        return CallParticipant.newBuilder()
                .setSdkAppId(SDK_APP_ID)
                .setCallId(callId)
                .setUserId(user)
                .setRole(role)
                .setOutcome(outcome)
                .setJoinedAt(joined == null ? null : Instant.ofEpochMilli(at(joined)))
                .setLeftAt(left == null ? null : Instant.ofEpochMilli(at(left)))
                .setCallType(callType)
                .setMediaType(MediaType.AUDIO)
                .setCallOutcome(callOutcome)
                .setCallStartedAt(Instant.ofEpochMilli(at(0)))
                .setCallAnsweredAt(answered == null ? null : Instant.ofEpochMilli(at(answered)))
                .setCallEndedAt(Instant.ofEpochMilli(at(ended)))
                .setRevision(revision)
                .build();
    }
}

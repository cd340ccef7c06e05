package io.callstream.processor.session;

import static io.callstream.avro.CallEventType.CALL_END;
import static io.callstream.avro.CallEventType.CALL_INTERRUPTED;
import static io.callstream.avro.CallEventType.START_CALL;
import static io.callstream.processor.CallEvents.at;
import static io.callstream.processor.CallEvents.callee;
import static io.callstream.processor.CallEvents.caller;
import static io.callstream.processor.CallEvents.normalEnd;
import static io.callstream.processor.FamilyEvents.change;
import static io.callstream.processor.FamilyEvents.endCall;
import static io.callstream.processor.FamilyEvents.memberChanged;
import static io.callstream.processor.FamilyEvents.startCall;
import static io.callstream.processor.FamilyEvents.status;
import static io.callstream.processor.session.Facts.ANSWERED;
import static io.callstream.processor.session.Facts.BUSY;
import static io.callstream.processor.session.Facts.CANCELLED;
import static io.callstream.processor.session.Facts.ENDED;
import static io.callstream.processor.session.Facts.INTERRUPTED;
import static io.callstream.processor.session.Facts.MISSED;
import static io.callstream.processor.session.Facts.OWN_TERMINAL;
import static io.callstream.processor.session.Facts.RECEIVED;
import static io.callstream.processor.session.Facts.RECORDED;
import static io.callstream.processor.session.Facts.REJECTED;
import static io.callstream.processor.session.Facts.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MemberAction;
import io.callstream.processor.session.EventReading.UserFacts;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What each callback family says about its call, one rule per test. */
class FamilyReaderTest {

    @Test
    void shouldTakeTheCallingUserAsCallerAndTheWaitingUsersAsCalleesWhenACallStarts() {
        EventReading r = FamilyReader.read(startCall("c", "alice", List.of("bob", "carol"), 3));

        assertThat(r.callerId()).isEqualTo("alice");
        assertThat(r.users()).extracting(UserFacts::userId, UserFacts::role, UserFacts::facts).containsExactly(
                tuple("alice", CallRole.CALLER, STARTED), tuple("bob", CallRole.CALLEE, RECEIVED),
                tuple("carol", CallRole.CALLEE, RECEIVED));
        assertThat(r.callFacts()).isEqualTo(STARTED);
        assertThat(r.startedAt()).isEqualTo(at(3));
        assertThat(r.authoritative()).isFalse();
    }

    static Stream<Arguments> memberActions() {
        return Stream.of(
                // action, role of the changed user, its facts, answers, ends, call-level facts
                Arguments.of(MemberAction.ANSWER, CallRole.CALLEE, ANSWERED, true, false, ANSWERED),
                Arguments.of(MemberAction.JOIN, CallRole.CALLEE, ANSWERED, true, false, ANSWERED),
                Arguments.of(MemberAction.REJECT, CallRole.CALLEE, REJECTED | OWN_TERMINAL, false, true, 0),
                Arguments.of(MemberAction.NOT_ANSWER, CallRole.CALLEE, MISSED | OWN_TERMINAL, false, true, 0),
                Arguments.of(MemberAction.HANG_UP, CallRole.UNKNOWN, ENDED | OWN_TERMINAL, false, true, 0),
                Arguments.of(MemberAction.OFFLINE, CallRole.UNKNOWN, INTERRUPTED | OWN_TERMINAL, false, true, 0),
                Arguments.of(MemberAction.INVITE, CallRole.CALLEE, 0, false, false, 0),
                Arguments.of(MemberAction.CANCEL_INVITE, CallRole.CALLEE, CANCELLED | OWN_TERMINAL, false, true, 0),
                Arguments.of(MemberAction.UNKNOWN, CallRole.UNKNOWN, 0, false, false, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memberActions")
    void shouldSayWhatTheChangedUserDidWhenAMemberChanges(MemberAction action, CallRole role, int facts, boolean answers,
                                                          boolean ends, int callFacts) {
        EventReading r = FamilyReader.read(memberChanged("c", 7, List.of("alice"), List.of(), change("bob", action)));

        UserFacts bob = r.users().get(r.users().size() - 1);
        assertThat(bob).isEqualTo(new UserFacts("bob", role, facts, at(7), answers, ends));
        assertThat(r.callFacts()).as("a member change never ends or cancels the whole call").isEqualTo(callFacts);
        assertThat(r.callerId()).isNull();
        assertThat(r.answeredAt()).isEqualTo(answers ? at(7) : null);
        assertThat(r.endedAt()).isEqualTo(ends ? at(7) : null);
    }

    @Test
    void shouldAnnounceTheListedMembersWithoutARoleWhenAMemberChanges() {
        EventReading r = FamilyReader.read(memberChanged("c", 7, List.of("alice", "bob"), List.of("carol"),
                change("bob", MemberAction.ANSWER), change("dave", MemberAction.INVITE)));

        assertThat(r.users()).extracting(UserFacts::userId, UserFacts::role).containsExactly(
                tuple("alice", CallRole.UNKNOWN), tuple("bob", CallRole.UNKNOWN), tuple("carol", CallRole.UNKNOWN),
                tuple("bob", CallRole.CALLEE), tuple("dave", CallRole.CALLEE));
    }

    @Test
    void shouldNeverMakeTheCallerACalleeWhenTheEndRecordListsItAmongTheCallees() {
        EventReading r = FamilyReader.read(endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.NOT_ANSWER,
                0, null, 30));

        assertThat(r.callerId()).isEqualTo("alice");
        assertThat(r.users()).extracting(UserFacts::userId, UserFacts::role)
                .containsExactly(tuple("alice", CallRole.CALLER), tuple("bob", CallRole.CALLEE));
    }

    static Stream<Arguments> results() {
        return Stream.of(
                Arguments.of(CallResult.NORMAL_END, ANSWERED),
                Arguments.of(CallResult.CANCEL, CANCELLED),
                Arguments.of(CallResult.REJECT, REJECTED),
                Arguments.of(CallResult.NOT_ANSWER, MISSED),
                Arguments.of(CallResult.CALL_BUSY, BUSY),
                Arguments.of(CallResult.INTERRUPT, INTERRUPTED),
                Arguments.of(CallResult.OFFLINE, INTERRUPTED),
                Arguments.of(CallResult.UNKNOWN, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("results")
    void shouldEndTheCallWithTheRecordsResultWhenTheEndCallRecordArrives(CallResult result, int resultFacts) {
        EventReading r = FamilyReader.read(endCall("c", "alice", List.of("bob"), CallType.SINGLE, result, 0, null, 30));

        assertThat(r.callFacts()).isEqualTo(RECORDED | ENDED | resultFacts);
        assertThat(r.authoritative()).isTrue();
        assertThat(r.startedAt()).isEqualTo(at(0));
        assertThat(r.answeredAt()).isNull();
        assertThat(r.endedAt()).isEqualTo(at(30));
    }

    @Test
    void shouldCountTheCallAsAnsweredWhenTheEndRecordHasAnAcceptTime() {
        EventReading r = FamilyReader.read(endCall("c", "alice", List.of("bob"), CallType.SINGLE, CallResult.INTERRUPT,
                0, 4, 30));

        assertThat(r.callFacts()).isEqualTo(RECORDED | ENDED | INTERRUPTED | ANSWERED);
        assertThat(r.callerView()).as("the callee of a 1:1 call answered").isEqualTo(ANSWERED);
        assertThat(r.answeredAt()).isEqualTo(at(4));
    }

    @ParameterizedTest
    @EnumSource(CallResult.class)
    void shouldBeAuthoritativeWhenAV1StatusCallbackArrives(CallResult result) {
        EventReading r = FamilyReader.read(status("c", "alice", CallRole.CALLER, CallType.SINGLE, result, 0, null, 30));

        assertThat(r.authoritative()).isTrue();
        assertThat(r.callFacts() & (RECORDED | ENDED)).isEqualTo(RECORDED | ENDED);
        assertThat(r.callerId()).isEqualTo("alice");
        assertThat(r.endedAt()).isEqualTo(at(30));
        assertThat(Facts.has(r.callFacts(), ANSWERED)).isEqualTo(result == CallResult.NORMAL_END);
    }

    @Test
    void shouldProveTheCalleesAnswerWhenItsOwnV1StatusSaysNormalEnd() {
        EventReading r = FamilyReader.read(status("c", "bob", CallRole.CALLEE, CallType.GROUP, CallResult.NORMAL_END,
                0, 5, 60));

        assertThat(r.users()).singleElement().satisfies(u -> assertThat(Facts.has(u.facts(), ANSWERED)).isTrue());
    }

    @Test
    void shouldProveTheAnswerWhenTheCallersEndCarriesAcceptTs() {
        CallEvent end = CallEvent.newBuilder(caller("c", "alice", CALL_END, 65))
                .setAcceptTime(Instant.ofEpochMilli(at(5))).build();

        EventReading r = FamilyReader.read(end);

        assertThat(r.callFacts()).isEqualTo(ANSWERED);
        assertThat(r.callerView()).as("the callee of a 1:1 call answered").isEqualTo(ANSWERED);
        assertThat(r.answeredAt()).isEqualTo(at(5));
        assertThat(r.authoritative()).isFalse();
    }

    @Test
    void shouldProveTheCalleesOwnAnswerWhenItsEndSaysNormalEnd() {
        EventReading r = FamilyReader.read(normalEnd(callee("c", "bob", CALL_INTERRUPTED, 65), 0, 5, 65));

        assertThat(r.users()).singleElement()
                .satisfies(u -> assertThat(u.facts()).isEqualTo(INTERRUPTED | OWN_TERMINAL | ANSWERED));
        assertThat(r.callerView()).isZero();
    }

    @Test
    void shouldNotProveAnAnswerWhenAStartCallCarriesAcceptTs() {
        // the docs' own start_call sample carries all three times
        CallEvent start = CallEvent.newBuilder(caller("c", "alice", START_CALL, 0))
                .setAcceptTime(Instant.ofEpochMilli(at(5))).build();

        EventReading r = FamilyReader.read(start);

        assertThat(r.callFacts()).isEqualTo(STARTED);
        assertThat(r.callerView()).isZero();
    }
}

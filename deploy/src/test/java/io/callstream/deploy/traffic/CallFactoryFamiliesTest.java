package io.callstream.deploy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.avro.CallEvent;
import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallbackFamily;
import io.callstream.avro.MissedReason;
import io.callstream.avro.ParticipantOutcome;
import io.callstream.ingest.mapping.Webhook;
import io.callstream.ingest.mapping.WebhookMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario in every format: callbacks ingest accepts as the family they claim, and their expectations. */
class CallFactoryFamiliesTest {

    private static final long BASE = 1_800_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebhookMapper mapper = new WebhookMapper(Clock.fixed(Instant.ofEpochSecond(BASE), ZoneOffset.UTC));

    static Stream<Arguments> everyScenarioInEveryFormat() {
        return Stream.of(CallbackFormat.values()).flatMap(f -> Stream.of(Scenario.values()).map(s -> Arguments.of(s, f)));
    }

    private static List<PlannedCall> calls(Scenario scenario, CallbackFormat format, int n) {
        CallFactory factory = new CallFactory(scenario.ordinal() * 31L + format.ordinal(), "fam", BASE, 300, format);
        return IntStream.range(0, n).mapToObj(i -> factory.next(scenario)).toList();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyScenarioInEveryFormat")
    void shouldMapEveryCallbackAsTheFamilyItClaimsWhenIngestReadsIt(Scenario scenario, CallbackFormat format) {
        for (PlannedCall call : calls(scenario, format, 40)) {
            Set<String> eventIds = new HashSet<>();
            for (WebhookRequest w : call.webhooks()) {
                CallEvent e = mapper.map(new Webhook(1400000001L, w.command(), w.clientIp(), w.platform(),
                        w.body().getBytes(StandardCharsets.UTF_8)));

                assertThat(e.getFamily()).as(w.body()).isEqualTo(w.family());
                assertThat(e.getCallId()).isEqualTo(call.expected().callId());
                assertThat(e.getExtra()).as("fields ingest did not know, in " + w.body()).isEmpty();
                eventIds.add(e.getEventId());
            }
            assertThat(eventIds).as("one eventId per distinct callback").hasSize(call.webhooks().size());
        }
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyScenarioInEveryFormat")
    void shouldSendEachFamilyWithItsOwnQueryParametersWhenBuildingRequests(Scenario scenario, CallbackFormat format)
            throws Exception {
        for (PlannedCall call : calls(scenario, format, 10)) {
            for (WebhookRequest w : call.webhooks()) {
                String q = w.pathAndQuery(1400000001L);
                if (w.isV4()) {
                    assertThat(q).matches("/callbacks/callkit\\?SdkAppid=1400000001&CallbackCommand=Call\\.CallbackAfter"
                            + "(StartCall|MemberChanged|EndCall)&contenttype=json&ClientIP=10(\\.\\d+){3}&OptPlatform=\\w+");
                    assertThat(JSON.readTree(w.body()).get("CallbackCommand").asText()).isEqualTo(w.command());
                    assertThat(FamilyWriter.V4_PLATFORMS).contains(q.substring(q.indexOf("OptPlatform=") + 12));
                } else {
                    assertThat(q).matches("/callbacks/callkit\\?sdkappid=1400000001&command=[a-z_]+&contenttype=json"
                            + "&clientip=10(\\.\\d+){3}&optplatform=\\w+");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyScenarioInEveryFormat")
    void shouldKeepEveryCallbackInThePastWhenMakingCalls(Scenario scenario, CallbackFormat format) {
        Pattern times = Pattern.compile("\"(EventTime|EndTs|EndTime|StartTime|AcceptTime)\":(\\d+)");
        for (PlannedCall call : calls(scenario, format, 100)) {
            for (WebhookRequest w : call.webhooks()) {
                Matcher m = times.matcher(w.body());
                while (m.find()) {
                    long t = Long.parseLong(m.group(2));
                    assertThat(t < 100_000_000_000L ? t * 1000 : t).as(w.body()).isLessThan(BASE * 1000);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Scenario.class, names = {"ANSWERED", "MISSED", "REJECTED", "CANCELLED", "OFFLINE"})
    void shouldExpectTheSameResultInEveryFamilyWhenTheCallIsTheSame(Scenario scenario) {
        List<ExpectedCall> expected = Stream.of(CallbackFormat.V1, CallbackFormat.V1_STATUS, CallbackFormat.V4)
                .map(f -> new CallFactory(5, "same", BASE, 300, f).next(scenario).expected()).toList();

        assertThat(expected).extracting(ExpectedCall::families)
                .containsExactly(CallFamilies.V1, CallFamilies.V1_STATUS, CallFamilies.V4);
        assertThat(expected).allSatisfy(e -> assertThat(e).usingRecursiveComparison().ignoringFields("families")
                .isEqualTo(expected.get(0)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ANSWERED,  StartCall MemberChanged:(Answer|Accept) MemberChanged:(Hangup|Hang Up) EndCall:NormalEnd",
        "MISSED,    StartCall MemberChanged:NotAnswer EndCall:NotAnswer",
        "REJECTED,  StartCall MemberChanged:Reject EndCall:Reject",
        "BUSY,      StartCall EndCall:CallBusy",
        "CANCELLED, StartCall EndCall:Cancel",
        "OFFLINE,   StartCall MemberChanged:(Answer|Accept) MemberChanged:Offline EndCall:Offline"})
    void shouldSendTheV4CallbacksOfTheCallWhenTheFormatIsV4(Scenario scenario, String callbacks) {
        for (PlannedCall call : calls(scenario, CallbackFormat.V4, 10)) {
            assertThat(String.join(" ", call.webhooks().stream().map(WebhookRequest::event).toList())).matches(callbacks);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ANSWERED, normal_end", "MISSED, not_answer", "REJECTED, reject", "BUSY, call_busy",
        "CANCELLED, cancel", "OFFLINE, interrupt"})
    void shouldEndWithOneStatusCallbackWhenTheFormatIsV1Status(Scenario scenario, String result) throws Exception {
        for (PlannedCall call : calls(scenario, CallbackFormat.V1_STATUS, 10)) {
            List<WebhookRequest> statuses = call.webhooks().stream()
                    .filter(w -> w.family() == CallbackFamily.V1_STATUS).toList();
            assertThat(statuses).hasSize(1);
            assertThat(call.webhooks().get(call.webhooks().size() - 1)).isEqualTo(statuses.get(0));
            JsonNode body = JSON.readTree(statuses.get(0).body());
            assertThat(statuses.get(0).command()).isEqualTo(result);
            assertThat(body.get("CallResult").asText()).isEqualTo(result);
            assertThat(body.has("Event")).isFalse();
            assertThat(body.get("UserId").asText()).isEqualTo(call.expected().callerId());
            assertThat(body.get("Role").asText()).isEqualTo("caller");
            // the docs give StartCallTs/AcceptTs/EndTs for normal_end only
            assertThat(body.has("AcceptTs")).isEqualTo("normal_end".equals(result));
        }
    }

    @Test
    void shouldSendAStatusCallbackOnlyForAnsweredGroupCallsWhenTheFormatIsV1Status() {
        for (PlannedCall call : calls(Scenario.GROUP, CallbackFormat.V1_STATUS, 100)) {
            List<String> statuses = call.webhooks().stream().filter(w -> w.family() == CallbackFamily.V1_STATUS)
                    .map(WebhookRequest::event).toList();

            assertThat(statuses).isEqualTo(call.expected().outcome() == CallOutcome.COMPLETED ? List.of("normal_end")
                    : List.of());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Scenario.class, names = {"ANSWERED", "MISSED", "BUSY", "GROUP"})
    void shouldListTheCallerFirstAndEveryCalleeWhenTheV4CallEnds(Scenario scenario) throws Exception {
        for (PlannedCall call : calls(scenario, CallbackFormat.V4, 30)) {
            ExpectedCall e = call.expected();
            JsonNode record = JSON.readTree(call.webhooks().get(call.webhooks().size() - 1).body()).get("CallRecord");
            List<String> listed = new ArrayList<>();
            record.get("CalleeList_Account").forEach(a -> listed.add(a.asText()));

            assertThat(record.get("Caller_Account").asText()).isEqualTo(e.callerId());
            assertThat(listed.get(0)).isEqualTo(e.callerId());
            assertThat(listed.subList(1, listed.size())).containsExactlyInAnyOrderElementsOf(
                    scenario == Scenario.BUSY ? call.story().callees() : e.callees().keySet());
            assertThat(record.get("CallType").asText()).isEqualTo(scenario == Scenario.GROUP ? "MultiCall" : "SingleCall");
            assertThat(record.get("StartTime").asLong()).isEqualTo(e.startedAt().getEpochSecond());
            assertThat(record.get("AcceptTime").asLong()).isEqualTo(e.answeredAt() == null ? 0 : e.answeredAt().getEpochSecond());
            if (e.answeredAt() != null) {
                assertThat(record.get("EndTime").asLong()).isEqualTo(e.endedAt().getEpochSecond());
            }
        }
    }

    @Test
    void shouldStartV4CallsWithTheCallerCallingAndTheCalleesWaiting() throws Exception {
        for (PlannedCall call : calls(Scenario.GROUP, CallbackFormat.V4, 20)) {
            JsonNode start = JSON.readTree(call.webhooks().get(0).body());
            List<String> users = new ArrayList<>();
            start.get("UserList").forEach(u -> users.add(u.get("User_Account").asText() + "=" + u.get("Status").asText()));

            List<String> expected = new ArrayList<>(List.of(call.expected().callerId() + "=Calling"));
            call.story().callees().forEach(c -> expected.add(c + "=Waiting"));
            assertThat(users).isEqualTo(expected);
            assertThat(start.get("EventTime").asLong()).isBetween(call.expected().startedAt().toEpochMilli(),
                    call.expected().startedAt().toEpochMilli() + 999);
        }
    }

    @Test
    void shouldUseEverySpellingOfTheDocsWhenV4MembersChange() {
        Set<String> actions = new HashSet<>();
        for (Scenario s : List.of(Scenario.GROUP, Scenario.ANSWERED, Scenario.OFFLINE, Scenario.MISSED, Scenario.REJECTED)) {
            calls(s, CallbackFormat.V4, 200).forEach(c -> c.webhooks().stream().map(WebhookRequest::event)
                    .filter(e -> e.startsWith("MemberChanged:")).forEach(actions::add));
        }

        assertThat(actions).containsExactlyInAnyOrder("MemberChanged:Answer", "MemberChanged:Accept",
                "MemberChanged:Reject", "MemberChanged:NotAnswer", "MemberChanged:Hangup", "MemberChanged:Hang Up",
                "MemberChanged:Join", "MemberChanged:Offline", "MemberChanged:Invite", "MemberChanged:Invited",
                "MemberChanged:Cancel_Invite", "MemberChanged:Canncel_Invite");
    }

    @Test
    void shouldReportSeveralTimedOutCalleesInOneMemberChangeWhenTheirInvitationsExpireTogether() throws Exception {
        boolean seen = false;
        for (PlannedCall call : calls(Scenario.GROUP, CallbackFormat.V4, 200)) {
            for (WebhookRequest w : call.webhooks()) {
                JsonNode changed = JSON.readTree(w.body()).get("ChangedUserList");
                if (changed != null && changed.size() > 1) {
                    seen = true;
                    changed.forEach(c -> assertThat(c.get("ActionType").asText()).isEqualTo("NotAnswer"));
                    changed.forEach(c -> assertThat(call.expected().alerts())
                            .containsEntry(c.get("User_Account").asText(), MissedReason.NO_ANSWER));
                }
            }
        }
        assertThat(seen).isTrue();
    }

    @Test
    void shouldWriteSomeAccountsAsBareNumbersWhenTheFormatIsV4() {
        List<String> bodies = calls(Scenario.GROUP, CallbackFormat.V4, 100).stream()
                .flatMap(c -> c.webhooks().stream()).map(WebhookRequest::body).toList();

        assertThat(bodies).anyMatch(b -> b.matches(".*\"User_Account\":1441\\d{14}[,}].*"))
                .anyMatch(b -> b.matches(".*\"User_Account\":\"1441\\d{14}\".*"))
                .anyMatch(b -> b.matches(".*\"CalleeList_Account\":\\[[^]]*\\b1441\\d{14}[,\\]].*"));
    }

    @Test
    void shouldExpectABusyAlertOnlyWhenAV4StartCallNamedTheCallee() {
        for (CallbackFormat f : List.of(CallbackFormat.V1, CallbackFormat.V1_STATUS, CallbackFormat.V4)) {
            ExpectedCall e = new CallFactory(9, "busy", BASE, 300, f).next(Scenario.BUSY).expected();

            assertThat(e.outcome()).isEqualTo(CallOutcome.BUSY);
            if (f == CallbackFormat.V4) {
                assertThat(e.callees()).hasSize(1).containsValue(ParticipantOutcome.BUSY);
                assertThat(e.alerts()).hasSize(1).containsValue(MissedReason.BUSY);
            } else {
                assertThat(e.callees()).isEmpty();
                assertThat(e.alerts()).isEmpty();
            }
        }
    }

    @Test
    void shouldCancelAnInvitationOnlyInV4GroupCallsWhereSomeoneAnswered() {
        List<ExpectedCall> v4 = calls(Scenario.GROUP, CallbackFormat.V4, 300).stream().map(PlannedCall::expected).toList();

        assertThat(v4).anyMatch(e -> e.alerts().containsValue(MissedReason.CALLER_CANCELLED));
        assertThat(v4).filteredOn(e -> e.alerts().containsValue(MissedReason.CALLER_CANCELLED))
                .allMatch(e -> e.outcome() == CallOutcome.COMPLETED);
    }

    @Test
    void shouldSendEveryFamilyAndBothGenerationsForSomeCallsWhenTheFormatIsMixed() {
        Map<CallFamilies, Integer> counts = new EnumMap<>(CallFamilies.class);
        for (PlannedCall call : calls(Scenario.ANSWERED, CallbackFormat.MIXED, 400)) {
            CallFamilies families = call.expected().families();
            counts.merge(families, 1, Integer::sum);
            Set<CallbackFamily> sent = new HashSet<>();
            call.webhooks().forEach(w -> sent.add(w.family()));
            Set<CallbackFamily> expected = new HashSet<>();
            if (families.v1Events()) {
                expected.add(CallbackFamily.V1_EVENT);
            }
            if (families.v1Status()) {
                expected.add(CallbackFamily.V1_STATUS);
            }
            if (families.v4()) {
                expected.addAll(List.of(CallbackFamily.V4_START_CALL, CallbackFamily.V4_MEMBER_CHANGED,
                        CallbackFamily.V4_END_CALL));
            }
            assertThat(sent).as(families.label()).isEqualTo(expected);
        }

        assertThat(counts).containsOnlyKeys(CallFamilies.values());
        assertThat(counts.get(CallFamilies.V1_AND_V4)).isBetween(30, 90);
    }

    @Test
    void shouldInterleaveBothGenerationsInTimeOrderWhenACallIsSentInV1AndV4() throws Exception {
        PlannedCall call = calls(Scenario.ANSWERED, CallbackFormat.MIXED, 50).stream()
                .filter(c -> c.expected().families() == CallFamilies.V1_AND_V4).findFirst().orElseThrow();

        List<Long> seconds = new ArrayList<>();
        for (WebhookRequest w : call.webhooks()) {
            long t = JSON.readTree(w.body()).path("EventTime").asLong();
            seconds.add(t < 100_000_000_000L ? t : t / 1000);
        }
        assertThat(seconds).isSorted();
        assertThat(call.webhooks().get(0).event()).isEqualTo("start_call");
        assertThat(call.webhooks().get(1).event()).isEqualTo("StartCall");
    }
}

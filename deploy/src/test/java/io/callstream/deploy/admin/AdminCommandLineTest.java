package io.callstream.deploy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.avro.DeadLetter;
import io.callstream.avro.DeadLetterSource;
import io.callstream.avro.HttpRequestOrigin;
import io.callstream.common.auth.UserSigVerifier;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** callstream-admin's command line without a cluster: parsing, exit codes, and the pure parts of each command. */
class AdminCommandLineTest {

    static final long NOW = 1_800_000_000L;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        return AdminMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static <T> T parse(Class<T> type, String... args) {
        CommandLine cl = AdminMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<CommandLine> parsed = cl.parseArgs(args).asCommandLineList();
        return type.cast(parsed.get(parsed.size() - 1).getCommand());
    }

    private static StackConfig stack(Map<String, String> env) {
        return StackConfig.from(Settings.load(StackConfig.defaults(), Optional.empty(), env));
    }

    @Test
    void shouldExitWithUsageWhenNoCommandIsGiven() {
        assertThat(run()).isEqualTo(AdminMain.USAGE);
        assertThat(err.toString()).contains("topics").contains("dlq").contains("usersig");
    }

    @Test
    void shouldExitWithUsageWhenAGroupIsGivenWithoutItsCommand() {
        assertThat(run("dlq")).isEqualTo(AdminMain.USAGE);
        assertThat(err.toString()).contains("missing command: one of").contains("inspect").contains("replay");
    }

    @Test
    void shouldExitWithUsageWhenAnOptionIsUnknown() {
        assertThat(run("topics", "create", "--partitons", "6")).isEqualTo(AdminMain.USAGE);
        assertThat(err.toString()).contains("Unknown options: '--partitons'").contains("Possible solutions: --partitions");
    }

    @Test
    void shouldExitWithUsageWhenReplayHasNoIngestUrl() {
        assertThat(run("dlq", "replay", "--dry-run")).isEqualTo(AdminMain.USAGE);
        assertThat(err.toString()).contains("Missing required option: '--ingest-url=URL'");
    }

    @Test
    void shouldExitWithUsageNamingTheValueWhenADurationIsMalformed() {
        assertThat(run("topics", "create", "--retention", "seven days")).isEqualTo(AdminMain.USAGE);
        assertThat(err.toString()).contains("'seven days' is not a duration such as 500ms, 30s, 15m, 2h, 7d");
    }

    @Test
    void shouldExitWithUsageWhenMinInsyncReplicasExceedsTheReplicationFactor() {
        assertThat(run("topics", "create", "--bootstrap-server", "127.0.0.1:1", "--replication-factor", "2",
                "--min-insync-replicas", "3")).isEqualTo(AdminMain.USAGE);
        assertThat(err.toString()).contains("--min-insync-replicas must be between 1 and the replication factor, got 3");
    }

    @Test
    void shouldExitWithUsageWhenTheConfigFileIsMissing() {
        assertThat(run("schemas", "register", "--config", "/no/such/file.properties")).isEqualTo(AdminMain.USAGE);
        assertThat(err.toString()).contains("no such config file: /no/such/file.properties");
    }

    @Test
    void shouldPrintTheExitCodesWhenHelpIsAsked() {
        assertThat(run("--help")).isEqualTo(AdminMain.OK);
        assertThat(out.toString()).contains("Exit codes: 0 done, 1 failed, 2 usage or configuration error.");
    }

    @Test
    void shouldPlanEveryTopicWithRetentionAndCompactOnlyCallbackConfigWhenOptionsAreGiven() {
        TopicsCommand.Create create = parse(TopicsCommand.Create.class, "topics", "create", "--partitions", "6",
                "--retention", "7d", "--dlq-retention", "30d", "--min-insync-replicas", "2");

        List<TopicPlan.Spec> specs = create.plan(stack(Map.of())).specs(stack(Map.of()));

        assertThat(specs).extracting(TopicPlan.Spec::name).containsExactly("call-events", "call-summaries",
                "missed-call-alerts", "call-participants", "call-events-dlq", "callback-config",
                "callback-deliveries-dlq", "callback-deliveries-retry");
        assertThat(specs.get(0).partitions()).isEqualTo(6);
        assertThat(specs.get(0).configs()).containsEntry("retention.ms", Long.toString(Duration.ofDays(7).toMillis()))
                .containsEntry("min.insync.replicas", "2").doesNotContainKey("cleanup.policy");
        assertThat(specs.get(4).configs()).containsEntry("retention.ms", Long.toString(Duration.ofDays(30).toMillis()));
        assertThat(specs.get(5).partitions()).isOne();
        assertThat(specs.get(5).configs()).containsEntry("cleanup.policy", "compact").doesNotContainKey("retention.ms");
        assertThat(specs.get(7).partitions()).isEqualTo(6);
    }

    @Test
    void shouldTakeTopicNamesAndPartitionsFromTheSettingsWhenNoOptionIsGiven() {
        TopicsCommand.Create create = parse(TopicsCommand.Create.class, "topics", "create", "--no-callbacks");
        StackConfig stack = stack(Map.of("CALLSTREAM_PARTITIONS", "12", "CALLSTREAM_TOPIC_CALL_EVENTS", "prod-events"));

        List<TopicPlan.Spec> specs = create.plan(stack).specs(stack);

        assertThat(specs).hasSize(5).allSatisfy(s -> assertThat(s.partitions()).isEqualTo(12));
        assertThat(specs.get(0).name()).isEqualTo("prod-events");
        assertThat(specs.get(0).configs()).isEmpty();
    }

    @Test
    void shouldReadInstantsAbsoluteOrBackFromNowWhenTimesAreGiven() {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");

        assertThat(TimeArgs.instant("2026-12-06T10:00:00Z", now)).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(TimeArgs.instant("2h", now)).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(TimeArgs.instant("90m", now)).isEqualTo(Instant.parse("2026-12-06T10:30:00Z"));
        assertThatThrownBy(() -> TimeArgs.instant("yesterday", now)).hasMessageContaining("'yesterday' is neither");
    }

    @Test
    void shouldSelectLettersByTimeReasonAndSourceWhenFiltersAreGiven() {
        DlqCommand.Inspect inspect = parse(DlqCommand.Inspect.class, "dlq", "inspect", "--since",
                "2026-12-06T10:00:00Z", "--until", "2026-12-06T11:00:00Z", "--reason", "MISSING_FIELD,INVALID_JSON",
                "--source", "INGEST");
        DeadLetterReader.Selection s = inspect.filters.selection();

        assertThat(s.accepts(letter("MISSING_FIELD", "2026-12-06T10:30:00Z"))).isTrue();
        assertThat(s.accepts(letter("INVALID_JSON", "2026-12-06T10:00:00Z"))).isTrue();
        assertThat(s.accepts(letter("MISSING_FIELD", "2026-12-06T11:00:00Z"))).as("until is exclusive").isFalse();
        assertThat(s.accepts(letter("UNKNOWN_SDKAPPID", "2026-12-06T10:30:00Z"))).isFalse();
        DeadLetter processor = letter("MISSING_FIELD", "2026-12-06T10:30:00Z");
        processor.setSource(DeadLetterSource.PROCESSOR);
        assertThat(s.accepts(processor)).isFalse();
    }

    @Test
    void shouldExitWithUsageWhenSinceIsNotBeforeUntil() {
        assertThat(run("dlq", "inspect", "--since", "1h", "--until", "2h")).isEqualTo(AdminMain.USAGE);
        assertThat(err.toString()).contains("is not before --until");
    }

    @Test
    void shouldReplayTheOriginalBodyPathAndQueryWhenALetterIsAWebhook() {
        DeadLetter d = letter("MISSING_FIELD", "2026-12-06T10:30:00Z");

        HttpRequest r = WebhookReplay.request("http://ingest:8080/", d, Map.of("X-Token", "t"), Duration.ofSeconds(3));

        assertThat(r.uri().toString()).isEqualTo("http://ingest:8080/callbacks/callkit?sdkappid=1400000001&command=x");
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.headers().firstValue("content-type")).contains("application/json; charset=utf-8");
        assertThat(r.headers().firstValue("host")).isEmpty();
        assertThat(r.headers().firstValue("x-token")).contains("t");
        assertThat(r.bodyPublisher().orElseThrow().contentLength()).isEqualTo(12);
        assertThat(WebhookReplay.notReplayable(d)).isEmpty();
    }

    @Test
    void shouldSkipALetterWhenItCameFromTheProcessor() {
        DeadLetter d = letter("UNDECODABLE_VALUE", "2026-12-06T10:30:00Z");
        d.setSource(DeadLetterSource.PROCESSOR);
        d.setHttpRequest(null);

        assertThat(WebhookReplay.notReplayable(d)).contains("not a webhook (source PROCESSOR)");
    }

    @Test
    void shouldPreviewTextOrBase64WhenThePayloadIsOrIsNotUtf8() {
        DeadLetter text = letter("MISSING_FIELD", "2026-12-06T10:30:00Z");
        DeadLetter binary = letter("UNDECODABLE_VALUE", "2026-12-06T10:30:00Z");
        binary.setPayload(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0, 1}));

        var t = DeadLetterJson.of(new DeadLetterReader.Letter(0, 7, 0, "k", text, null, null), 4);
        var b = DeadLetterJson.of(new DeadLetterReader.Letter(0, 8, 0, "k", binary, null, null), 256);

        assertThat(t.get("payloadText").asText()).isEqualTo("{\"Ca");
        assertThat(t.get("payloadTruncated").asBoolean()).isTrue();
        assertThat(t.get("reason").asText()).isEqualTo("MISSING_FIELD");
        assertThat(t.at("/httpRequest/status").asInt()).isEqualTo(400);
        assertThat(b.get("payloadBase64").asText()).isEqualTo("/wAB");
        assertThat(b.get("payloadBytes").asInt()).isEqualTo(3);
    }

    @Test
    void shouldSignAUserSigTheVerifierAcceptsWhenTheOperatorsKeyIsSet() {
        UserSigCommand cmd = parse(UserSigCommand.class, "usersig", "--sdkappid", "1400000002");
        StackConfig c = stack(Map.of("CALLSTREAM_SDKAPPIDS", "1400000001,1400000002",
                "CALLSTREAM_CALLBACKS_SECRET_KEYS", "1400000002:my-key", "CALLSTREAM_CALLBACKS_ADMINS", "1400000002:ops"));

        String sig = cmd.userSig(c, NOW);

        assertThatCode(() -> verifier().verify(1400000002L, "ops", sig, "my-key")).doesNotThrowAnyException();
    }

    @Test
    void shouldSignWithTheLocalDemoKeyWhenNothingIsSet() {
        String sig = parse(UserSigCommand.class, "usersig").userSig(stack(Map.of()), NOW);

        assertThatCode(() -> verifier().verify(1400000001L, "administrator", sig, "callstream-local-demo-key"))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldNameTheMissingKeyWhenTheAppHasNone() {
        assertThatThrownBy(() -> parse(UserSigCommand.class, "usersig", "--sdkappid", "1400000009")
                .userSig(stack(Map.of()), NOW))
                .hasMessage("no secret key for SDKAppID 1400000009 in CALLSTREAM_CALLBACKS_SECRET_KEYS");
    }

    private static UserSigVerifier verifier() {
        return new UserSigVerifier(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    }

    private static DeadLetter letter(String reason, String at) {
        return DeadLetter.newBuilder().setSource(DeadLetterSource.INGEST).setReason(reason).setMessage("m")
                .setDeadLetteredAt(Instant.parse(at)).setCallId("c1")
                .setPayload(ByteBuffer.wrap("{\"CallId\":1}".getBytes(StandardCharsets.UTF_8)))
                .setHttpRequest(HttpRequestOrigin.newBuilder().setMethod("POST").setPath("/callbacks/callkit")
                        .setRawQuery("sdkappid=1400000001&command=x")
                        .setHeaders(Map.of("content-type", "application/json; charset=utf-8", "host", "old:8080"))
                        .setRemoteAddress("10.0.0.1:5000").setStatus(400).setErrorCode(40002).build())
                .build();
    }
}

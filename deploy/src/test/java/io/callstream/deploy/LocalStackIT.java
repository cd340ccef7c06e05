package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.callstream.deploy.stack.StackConfig;
import io.callstream.deploy.tail.Tail;
import io.callstream.deploy.traffic.CallFactory;
import io.callstream.deploy.traffic.LoadGenerator;
import io.callstream.deploy.traffic.LoadReport;
import io.callstream.deploy.traffic.TrafficMix;
import io.callstream.deploy.traffic.TrafficPlan;
import io.callstream.deploy.traffic.Verifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as the README runs it: the local stack in its own JVM with the real ingest, processor
 * and callbacks services, webhooks POSTed over HTTP for every scenario (both sides, interleaved,
 * duplicated), and the records on call-summaries and missed-call-alerts checked call by call; then a
 * restart on the same data; callbacks configured through the callbacks service's admin API and
 * delivered. Runs once the ingest and processor modules provide their main classes.
 */
class LocalStackIT {

    private static final Pattern CURL = Pattern.compile("curl -s -X POST '([^']+)' -H 'Content-Type: application/json' -d '([^']+)'");
    private static final Pattern ADMIN_CURL = Pattern.compile(
            "curl -s -X POST '([^']+)'\"\\$\\(deploy/usersig.sh\\)\"'([^']+)' -d '\\{}'");

    @TempDir
    Path data;

    @BeforeAll
    static void servicesPresent() {
        assumeTrue(onClasspath(StackConfig.INGEST_MAIN) && onClasspath(StackConfig.PROCESSOR_MAIN),
                "ingest and processor main classes are not on the classpath yet");
    }

    private static boolean onClasspath(String name) {
        try {
            Class.forName(name, false, LocalStackIT.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private StackProcess start(Map<String, String> env, String run) {
        return StackProcess.start(env, data.resolve("console-" + run + ".txt")).awaitUp(Duration.ofMinutes(4));
    }

    /** The stack of the README, with a shorter processor settle delay so that summaries come sooner. */
    private Map<String, String> environment() {
        Map<String, String> env = StackFixtures.environment(data);
        env.put("CALLSTREAM_SESSION_SETTLE_DELAY", "2s");
        return env;
    }

    /**
     * The README's stack without the callbacks service, for cases about the processor's output, where
     * callbacks is not under test: one JVM less on a 2-core machine, and a shorter suite.
     */
    private Map<String, String> pipelineEnvironment() {
        Map<String, String> env = environment();
        env.put("CALLSTREAM_SERVICES", "ingest,processor");
        return env;
    }

    @Test
    void shouldEmitTheExpectedSummariesAlertsAndRecordsWhenEveryScenarioIsPosted() throws Exception {
        Map<String, String> env = environment();
        StackConfig config = StackFixtures.config(env);
        try (StackProcess stack = start(env, "e2e")) {
            String demoCallId = postBannerCurl(stack.console());

            TrafficPlan plan = plan("e2e", 60, 0);
            LoadReport sent = send(config, plan);
            assertThat(sent.acknowledged()).isEqualTo(sent.sent());

            Verifier.Result result = verifier(config).verify(plan.runId(), plan.expectations(), Duration.ofMinutes(2),
                    Optional.empty());
            assertThat(result.mismatches()).isEmpty();
            assertThat(tail(config)).anyMatch(l -> l.startsWith("{\"topic\":\"call-summaries\"")
                    && l.contains("\"key\":\"" + demoCallId + "\""))
                    .anyMatch(l -> l.startsWith("{\"topic\":\"missed-call-alerts\"") && l.contains(demoCallId + ":bob"));

            // the processor's call records API answers for the demo call, signed as deploy/usersig.sh signs
            String userSig = io.callstream.common.auth.UserSigTool.generate(1400000001L, "callstream-local-demo-key",
                    "administrator", 3600, Instant.now().getEpochSecond());
            URI records = URI.create(config.processorUrl() + "/v4/call_record_http_srv/get_record_by_callid?sdkappid="
                    + "1400000001&identifier=administrator&usersig=" + userSig + "&random=9&contenttype=json");
            HttpClient http = HttpClient.newHttpClient();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(http.send(HttpRequest.newBuilder(records).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"CallId\":\"" + demoCallId + "\"}")).build(), HttpResponse.BodyHandlers.ofString()).body())
                            .contains("\"ErrorCode\":0", "\"CallId\":\"" + demoCallId + "\"", "\"CallResult\":\"NotAnswer\""));
        }
    }

    @Test
    void shouldAlertOnlyCalleesWhoMissedWhenCallbacksArriveOutOfOrder() throws Exception {
        Map<String, String> env = pipelineEnvironment();
        // Every call shuffled: a call's outcome is often decided early (a call_end before the accept), and the
        // callbacks that revise it must arrive within the settle delay; 2 s was too short on a loaded 2-core machine.
        env.put("CALLSTREAM_SESSION_SETTLE_DELAY", "5s");
        StackConfig config = StackFixtures.config(env);
        try (StackProcess stack = start(env, "shuffled")) {
            TrafficPlan plan = plan("shuffled", 60, 1.0);
            assertThat(send(config, plan).errors()).isZero();

            assertThat(verifier(config).verify(plan.runId(), plan.expectations(), Duration.ofMinutes(1),
                    Optional.empty()).mismatches()).isEmpty();
        }
    }

    @Test
    void shouldDecodeOldRecordsAndProcessNewCallsWhenRestartedOnTheSameData() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.callstream.testkit.ApicurioRegistry.modernJavaAvailable(),
                "no Java 21+ here: the registry falls back to Apicurio 2.6, whose Maven Central app keeps schemas"
                        + " in memory only, so ids cannot survive a restart");
        Map<String, String> env = pipelineEnvironment();
        StackConfig config = StackFixtures.config(env);
        TrafficPlan before = plan("before", 30, 0);
        try (StackProcess stack = start(env, "first")) {
            assertThat(send(config, before).errors()).isZero();
            assertThat(verifier(config).verify(before.runId(), before.expectations(), Duration.ofMinutes(2),
                    Optional.empty()).mismatches()).isEmpty();
            assertThat(stack.stop(Duration.ofSeconds(60))).isIn(0, 143);
        }

        try (StackProcess stack = start(env, "second")) {
            assertThat(verifier(config).verify(before.runId(), before.expectations(), Duration.ofMinutes(1),
                    Optional.empty()).mismatches()).isEmpty();
            TrafficPlan after = plan("after", 30, 0);
            assertThat(send(config, after).acknowledged()).isPositive();
            assertThat(verifier(config).verify(after.runId(), after.expectations(), Duration.ofMinutes(2),
                    Optional.empty()).mismatches()).isEmpty();
            assertThat(tail(config)).noneMatch(l -> l.contains("\"error\""));
        }
    }

    @Test
    void shouldDeliverCallbacksConfiguredOnTheCallbacksPortWhenTheStackRunsWithDefaults() throws Exception {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", ex -> {
            received.add(ex.getRequestURI().getQuery() + " "
                    + new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            byte[] ok = "{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}".getBytes();
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        receiver.start();
        Map<String, String> env = environment();
        env.put("CALLSTREAM_CALLBACKS_ALLOW_PRIVATE_ADDRESSES", "true");
        StackConfig config = StackFixtures.config(env);
        HttpClient http = HttpClient.newHttpClient();
        try (StackProcess stack = start(env, "callbacks")) {
            // what deploy/usersig.sh prints: a UserSig of the administrator, signed with the documented local key
            String userSig = io.callstream.common.auth.UserSigTool.generate(1400000001L, "callstream-local-demo-key",
                    "administrator", 3600, Instant.now().getEpochSecond());
            String query = "sdkappid=1400000001&identifier=administrator&usersig=" + userSig + "&random=7&contenttype=json";
            HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create(config.callbacksUrl()
                    + "/v1/callback/set?" + query)).POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\",\"actions\":[\"caller_start_call\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(set.body()).contains("\"errorCode\":0");
            assertThat(postBannerAdminCurl(stack.console(), userSig)).contains("\"errorCode\":0")
                    .contains("\"address\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"");

            // the delivery group starts at the end of call-events: post fresh calls until one arrives
            String run = "cb-" + Long.toString(Instant.now().toEpochMilli(), 36);
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        String body = "{\"UserId\":\"alice\",\"RoomId\":\"r\",\"TotalNum\":2,\"MediaType\":\"audio\","
                                + "\"CallType\":\"single\",\"CallId\":\"" + run + "-" + n.incrementAndGet()
                                + "\",\"Role\":\"caller\",\"Event\":\"start_call\",\"CallResult\":\"\",\"EventTime\":"
                                + Instant.now().getEpochSecond() + "}";
                        http.send(HttpRequest.newBuilder(URI.create(config.ingestUrl() + "/callbacks/callkit?sdkappid="
                                        + "1400000001&command=caller_start_call&contenttype=json&clientip=127.0.0.1"))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        return received.stream().anyMatch(r -> r.contains(run));
                    });

            assertThat(received).allMatch(r -> r.startsWith("sdkappid=1400000001&command=caller_start_call"))
                    .anyMatch(r -> r.contains("\"Event\":\"start_call\"") && r.contains(run));
        } finally {
            receiver.stop(0);
        }
    }

    /** Runs the banner's curl (URL and body as printed); returns the demo call id. */
    private static String postBannerCurl(String console) throws Exception {
        Matcher m = CURL.matcher(console);
        assertThat(m.find()).as("banner curl in:\n" + console).isTrue();
        HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(m.group(2)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.body()).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
        Matcher id = Pattern.compile("\"CallId\":\"([^\"]+)\"").matcher(m.group(2));
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    /** Runs the banner's admin-API curl with {@code userSig} in place of {@code $(deploy/usersig.sh)}; returns the answer. */
    private static String postBannerAdminCurl(String console, String userSig) throws Exception {
        Matcher m = ADMIN_CURL.matcher(console);
        assertThat(m.find()).as("banner admin curl in:\n" + console).isTrue();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1) + userSig + m.group(2)))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Calls of every scenario, a tenth of the callbacks delivered twice, {@code shuffled} of the calls shuffled. */
    private static TrafficPlan plan(String run, int calls, double shuffled) {
        String runId = run + "-" + Long.toString(Instant.now().toEpochMilli(), 36);
        return new TrafficPlan(new CallFactory(calls, runId, Instant.now().getEpochSecond(), 200),
                new TrafficMix(TrafficMix.defaults().weights(), shuffled, 0.1), calls, 10, calls, true);
    }

    private static LoadReport send(StackConfig config, TrafficPlan plan) {
        LoadGenerator g = new LoadGenerator(new LoadGenerator.Options(config.ingestUrl(), 1400000001L, 0, 32,
                Duration.ofSeconds(30), 5));
        try {
            return g.run(plan, Optional.empty());
        } finally {
            g.close();
        }
    }

    private static Verifier verifier(StackConfig config) {
        return new Verifier(new Verifier.Target(config.bootstrapServers(), config.registryUrl(),
                config.topicCallSummaries(), config.topicMissedCallAlerts()));
    }

    private static List<String> tail(StackConfig config) {
        List<String> lines = new ArrayList<>();
        new Tail(new Tail.Options(config.bootstrapServers(), config.registryUrl(),
                List.of(config.topicCallSummaries(), config.topicMissedCallAlerts()), true, 0, Duration.ofSeconds(5)))
                .run(lines::add, () -> false);
        return lines;
    }
}

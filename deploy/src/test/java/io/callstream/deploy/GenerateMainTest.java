package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generator command against a loopback HTTP server playing ingest (no --verify: that needs Kafka). */
class GenerateMainTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String serve(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/callbacks/callkit", ex -> {
            ex.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            queries.add(ex.getRequestURI().getRawQuery());
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int run(String... args) {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return GenerateMain.run(args, ps, ps);
    }

    @Test
    void shouldReportEveryRequestAcknowledgedAndExitZeroWhenTheIngestAccepts() throws IOException {
        String url = serve(200);

        int exit = run("--url", url, "--calls", "25", "--rate", "0", "--seed", "1", "--quiet");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("25 calls to " + url, "acknowledged " + requests.get(),
                "rejected 0, errors 0", "latency ms: p50");
    }

    @Test
    void shouldSendV4CallbacksWithTheirQueryParametersWhenTheFormatIsV4() throws IOException {
        String url = serve(200);

        int exit = run("--url", url, "--format", "v4", "--calls", "20", "--rate", "0", "--seed", "3", "--quiet");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("format v4", "calls 20 (v4 20)");
        assertThat(queries).isNotEmpty().allMatch(q -> q.matches("SdkAppid=1400000001&CallbackCommand=Call\\.CallbackAfter"
                + "(StartCall|MemberChanged|EndCall)&contenttype=json&ClientIP=[\\d.]+&OptPlatform=\\w+"));
    }

    @Test
    void shouldSendEveryFamilyWhenTheFormatIsMixed() throws IOException {
        String url = serve(200);

        assertThat(run("--url", url, "--format", "mixed", "--calls", "60", "--rate", "0", "--seed", "4", "--quiet"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("calls 60 \\(v1 \\d+, v1-status \\d+, v4 \\d+,"
                + " v1\\+v4 \\d+\\)");
        assertThat(queries).anyMatch(q -> q.startsWith("sdkappid=")).anyMatch(q -> q.startsWith("SdkAppid="))
                .anyMatch(q -> q.contains("&command=normal_end&"));
    }

    @Test
    void shouldRefuseAFormatWhenItIsUnknown() {
        assertThatThrownBy(() -> run("--format", "v2", "--calls", "1"))
                .hasMessage("unknown format 'v2'; known: v1, v1-status, v4, mixed");
    }

    @Test
    void shouldExitOneWhenTheIngestRejects() throws IOException {
        String url = serve(403);

        assertThat(run("--url", url, "--calls", "3", "--rate", "0", "--quiet")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("answers by status: {403=");
    }

    @Test
    void shouldPrintUsageWhenAskedForHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: deploy/generate.sh", "--verify");
    }

    @Test
    void shouldRefuseAMixWhenAWeightIsNegative() {
        assertThatThrownBy(() -> run("--mix", "answered=-1", "--calls", "1"))
                .hasMessageContaining("mix weight of 'answered' is negative");
    }
}

package io.callstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generator command against a loopback HTTP server playing ingest (no --verify: that needs Kafka). */
class GenerateMainTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String serve(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/callbacks/callkit", ex -> {
            ex.getRequestBody().readAllBytes();
            requests.incrementAndGet();
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

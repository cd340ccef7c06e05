package io.callstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs: one serving HTTP until stopped, one failing at start. */
class ChildProcessTest {

    /** The child: serves 200 on /ready at the port in args[0], prints the value of env GREETING. */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("fail")) {
            System.out.println("cannot start: no such thing");
            System.exit(3);
        }
        System.out.println("greeting " + System.getenv("GREETING"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.createContext("/ready", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    @Test
    void shouldStartAwaitMeasureAndStopAChildJvm(@TempDir Path dir) throws Exception {
        int port = FreePorts.pick();
        Path log = dir.resolve("logs/child.log");
        ChildProcess child = ChildProcess.start("child", ChildProcess.javaCommand(List.of("-Xmx64m"),
                ChildProcessTest.class.getName(), List.of(Integer.toString(port))), null, Map.of("GREETING", "hello"),
                log, false);
        try {
            child.awaitHttp("http://127.0.0.1:" + port + "/ready", Duration.ofSeconds(30));

            assertThat(child.isAlive()).isTrue();
            assertThat(child.pid()).isPositive();
            assertThat(Files.readString(log)).contains("greeting hello");
            assertThat(child.sampleRssKb()).isPositive();
            assertThat(child.peakRssKb()).isPositive();
            assertThat(child.cpuMillis()).isGreaterThanOrEqualTo(0);
        } finally {
            child.stop(Duration.ofSeconds(10));
        }
        assertThat(child.isAlive()).isFalse();
        child.close(); // idempotent
    }

    @Test
    void shouldExitWhenTheParentsEndOfItsInputCloses(@TempDir Path dir) throws Exception {
        int port = FreePorts.pick();
        Path log = dir.resolve("watched.log");
        ChildProcess child = ChildProcess.start("watched", ChildProcess.javaCommand(List.of("-Xmx64m"),
                ChildProcessTest.class.getName(), List.of(Integer.toString(port))), null, Map.of(), log, true);
        try {
            child.awaitHttp("http://127.0.0.1:" + port + "/ready", Duration.ofSeconds(30));

            child.closeParentEnd(); // what the kernel does when this JVM dies, however it dies

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !child.isAlive());
            assertThat(child.exitValue()).isEqualTo(ParentWatch.EXIT_CODE);
            assertThat(Files.readString(log)).contains("callstream: parent process gone; exiting");
        } finally {
            child.close();
        }
    }

    @Test
    void shouldFailWithTheLogTailWhenTheChildDiesDuringStartup(@TempDir Path dir) {
        ChildProcess child = ChildProcess.start("doomed", ChildProcess.javaCommand(List.of("-Xmx64m"),
                ChildProcessTest.class.getName(), List.of("fail")), dir, Map.of(), dir.resolve("doomed.log"), true);

        assertThatThrownBy(() -> child.awaitHttp("http://127.0.0.1:" + FreePorts.pick() + "/ready",
                Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("doomed exited with code 3 during startup")
                .hasMessageContaining("cannot start: no such thing");
        child.close();
    }
}

package io.callstream.deploy;

import io.callstream.common.logging.LogSetup;
import io.callstream.deploy.stack.LocalStack;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.testkit.ChildProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.Exit;

/**
 * {@code deploy/local.sh}: starts the local stack, prints where everything listens and a
 * ready-to-paste curl, and runs until Ctrl-C or SIGTERM, which stop everything (services first,
 * then registry, then broker). Exits 1 when a part fails to start or a service dies.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    static final String USAGE = """
            usage: deploy/local.sh [--warehouse]
              --warehouse   also run the warehouse: PostgreSQL and a Kafka Connect worker with the JDBC sinks of
                            deploy/connect/ (tables call_summaries, call_participants, missed_call_alerts)
            """;

    public static void main(String[] args) throws InterruptedException {
        StackConfig config = StackConfig.load();
        for (String arg : args) {
            switch (arg) {
                case "--warehouse" -> config = config.withWarehouse();
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> {
                    System.err.println("callstream: unknown option " + arg);
                    System.err.print(USAGE);
                    System.exit(2);
                }
            }
        }
        // The launcher's own log (and the in-process broker's) goes to a file; the console stays readable.
        ToolConfig.setIfAbsent(LogSetup.FILE_PROPERTY, config.logDir().resolve("stack.log").toString());
        try {
            java.nio.file.Files.createDirectories(config.logDir());
        } catch (java.io.IOException e) {
            System.err.println("callstream: cannot create " + config.logDir() + ": " + e);
            System.exit(1);
        }
        // The broker ends the process on a fatal fault (e.g. a port or the data folder taken): say so first.
        Path stackLog = config.logDir().resolve("stack.log");
        Exit.setExitProcedure((code, message) -> {
            System.err.println("callstream: the Kafka broker stopped the process: " + message + "; see " + stackLog);
            System.exit(code);
        });
        Exit.setHaltProcedure((code, message) -> {
            System.err.println("callstream: the Kafka broker halted the process: " + message + "; see " + stackLog);
            Runtime.getRuntime().halt(code);
        });
        PrintStream out = System.out;
        out.println("callstream: starting the local stack (data in " + config.dataDir() + ", logs in "
                + config.logDir() + ")");
        LocalStack stack = new LocalStack(config, System.getProperty("java.class.path"), config.services());
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            out.println("callstream: stopping...");
            stack.close();
            out.println("callstream: stopped");
            stopped.countDown();
        }, "callstream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("callstream: failed to start: " + e.getMessage());
            System.exit(1);
        }
        out.println(Banner.render(config, Instant.now()));
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            var dead = stack.deadChild();
            if (dead.isPresent() && !stopping.get()) {
                ChildProcess c = dead.get();
                System.err.println("callstream: " + c.name() + " exited unexpectedly; see " + c.logFile());
                System.exit(1);
            }
        }
    }
}

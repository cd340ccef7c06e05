package io.callstream.deploy;

import io.callstream.deploy.stack.StackConfig;
import io.callstream.deploy.tail.Tail;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code deploy/tail.sh}: prints call-summaries and missed-call-alerts (or the given topics) as JSON
 * lines, decoded through the schema registry, until Ctrl-C, {@code --max} records or
 * {@code --idle-timeout} seconds without a record.
 */
public final class TailMain {

    static final String USAGE = """
            usage: deploy/tail.sh [options]
              --topics T1,T2        topics to print (default call-summaries,missed-call-alerts)
              --from-beginning      read from the start of each topic (the default)
              --latest              print only records written from now on
              --max N               stop after N records
              --idle-timeout S      stop after S seconds without a record
              --bootstrap-servers   Kafka (default as the local stack: 127.0.0.1:$CALLSTREAM_KAFKA_PORT)
              --registry-url URL    schema registry (default as the local stack)
            """;

    private TailMain() {
    }

    public static void main(String[] argv) {
        ToolConfig.quietLogging();
        try {
            Args a = Args.parse(argv, List.of("topics", "max", "idle-timeout", "bootstrap-servers", "registry-url"),
                    List.of("from-beginning", "latest", "help"));
            if (a.flag("help")) {
                System.out.print(USAGE);
                return;
            }
            StackConfig c = ToolConfig.load();
            List<String> topics = a.value("topics").map(t -> Arrays.stream(t.split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList()).orElse(List.of(c.topicCallSummaries(), c.topicMissedCallAlerts()));
            long idle = a.longValue("idle-timeout", 0);
            Tail tail = new Tail(new Tail.Options(a.value("bootstrap-servers", c.bootstrapServers()),
                    a.value("registry-url", c.registryUrl()), topics, !a.flag("latest"), a.longValue("max", 0),
                    idle > 0 ? Duration.ofSeconds(idle) : null, c.kafkaClientProperties(), c.registryClientProperties()));
            AtomicBoolean stop = new AtomicBoolean();
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.set(true);
                try {
                    main.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            tail.run(line -> {
                System.out.println(line);
                System.out.flush();
            }, stop::get);
        } catch (IllegalArgumentException e) {
            System.err.println("tail: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }
}

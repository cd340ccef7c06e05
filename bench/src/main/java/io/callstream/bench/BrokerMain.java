package io.callstream.bench;

import io.callstream.testkit.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Map;

/** Runs the in-JVM Kafka broker as a benchmark's own process: {@code BrokerMain <dataDir> <port>}. */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Path.of(args[0]), Integer.parseInt(args[1]), 0, Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
        broker.start();
        System.out.println("READY " + broker.bootstrapServers());
        Thread.currentThread().join();
    }
}

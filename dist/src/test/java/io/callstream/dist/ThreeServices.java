package io.callstream.dist;

import io.callstream.callbacks.CallbacksConfig;
import io.callstream.callbacks.CallbacksService;
import io.callstream.ingest.IngestServer;
import io.callstream.ingest.config.IngestConfig;
import io.callstream.processor.ProcessorApp;
import io.callstream.processor.ProcessorConfig;
import io.callstream.schemas.Topics;
import io.callstream.testkit.KafkaBrokerExtension;
import io.callstream.testkit.SchemaRegistryExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Ingest, processor and callbacks started in this JVM on a test's real broker and registry, each on a free
 * loopback port, with the pipeline's topics created; closed in reverse order.
 */
final class ThreeServices implements AutoCloseable {

    final IngestServer ingest;
    final ProcessorApp processor;
    final CallbacksService callbacks;

    private ThreeServices(IngestServer ingest, ProcessorApp processor, CallbacksService callbacks) {
        this.ingest = ingest;
        this.processor = processor;
        this.callbacks = callbacks;
    }

    static ThreeServices start(KafkaBrokerExtension kafka, SchemaRegistryExtension registry, Path stateDir) {
        kafka.createTopics(1, Topics.CALL_EVENTS, Topics.CALL_EVENTS_DLQ, Topics.CALL_SUMMARIES, Topics.MISSED_CALL_ALERTS,
                Topics.CALL_PARTICIPANTS);
        Map<String, String> common = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url());
        IngestServer ingest = IngestServer.start(IngestConfig.of(with(common, "http.host", "127.0.0.1",
                "http.port", "0", "sdkappids", "1400000001")));
        ProcessorApp processor = null;
        try {
            processor = ProcessorApp.start(ProcessorConfig.of(with(common, "processor.host", "127.0.0.1",
                    "processor.port", "0", "state.dir", stateDir.toString(),
                    "application.id", "dist-it-" + UUID.randomUUID())));
            return new ThreeServices(ingest, processor, CallbacksService.start(CallbacksConfig.of(with(common,
                    "callbacks.http.host", "127.0.0.1", "callbacks.http.port", "0"))));
        } catch (RuntimeException e) {
            if (processor != null) {
                processor.close();
            }
            ingest.close();
            throw e;
        }
    }

    /** The HTTP port of each service, by its name in the manifests. */
    Map<String, Integer> ports() {
        return Map.of("ingest", ingest.port(), "processor", processor.port(), "callbacks", callbacks.port());
    }

    @Override
    public void close() {
        try {
            callbacks.close();
        } finally {
            try {
                processor.close();
            } finally {
                ingest.close();
            }
        }
    }

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}

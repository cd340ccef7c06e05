package io.callstream.processor;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Fresh topic names and application id for one integration test, and the processor config using them. */
final class ItTopics {

    final String id = UUID.randomUUID().toString().substring(0, 8);
    final String events = "events-" + id;
    final String dlq = "dlq-" + id;
    final String summaries = "summaries-" + id;
    final String alerts = "alerts-" + id;
    final String participants = "participants-" + id;

    /** The processor on these topics, on loopback with a free port, settle delay 1 s. */
    Map<String, String> config(String appIdPrefix, String bootstrapServers, String registryUrl, Path stateDir) {
        Map<String, String> c = new HashMap<>();
        c.put("application.id", appIdPrefix + id);
        c.put("kafka.bootstrap.servers", bootstrapServers);
        c.put("schema.registry.url", registryUrl);
        c.put("topic.call-events", events);
        c.put("topic.call-events-dlq", dlq);
        c.put("topic.call-summaries", summaries);
        c.put("topic.missed-call-alerts", alerts);
        c.put("topic.call-participants", participants);
        c.put("processor.host", "127.0.0.1");
        c.put("processor.port", "0");
        c.put("state.dir", stateDir.toString());
        c.put("session.settle.delay", "1s");
        return c;
    }
}

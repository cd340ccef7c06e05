package io.callstream.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * A real Kafka Connect worker (Apache Kafka's {@code connect-runtime}, distributed mode, one worker) in
 * the test JVM, with the plugins of the test classpath (the Debezium JDBC sink, our converter), and its
 * REST API on a free loopback port. Its config, offset and status topics live on the given broker.
 */
final class ConnectWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Connect<?> connect;
    private final String restUrl;

    private ConnectWorker(Connect<?> connect, String restUrl) {
        this.connect = connect;
        this.restUrl = restUrl;
    }

    static ConnectWorker start(String bootstrapServers) {
        int port = FreePorts.pick();
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", "callstream-warehouse");
        props.put("config.storage.topic", "connect-configs");
        props.put("offset.storage.topic", "connect-offsets");
        props.put("status.storage.topic", "connect-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("offset.flush.interval.ms", "1000");
        props.put("listeners", "http://127.0.0.1:" + port);
        Connect<?> connect = new ConnectDistributed().startConnect(props);
        return new ConnectWorker(connect, "http://127.0.0.1:" + port);
    }

    /**
     * Reads a connector file as shipped ({@code {"name": ..., "config": {...}}}), sets the given config
     * keys (the addresses of this test's broker, registry and database) and POSTs it to /connectors.
     */
    String createConnector(Path file, Map<String, String> overrides) {
        try {
            ObjectNode connector = (ObjectNode) JSON.readTree(Files.readString(file));
            ObjectNode config = (ObjectNode) connector.get("config");
            overrides.forEach(config::put);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(restUrl + "/connectors"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(connector))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("POST /connectors " + file + ": " + answer.statusCode() + " " + answer.body());
            }
            return connector.get("name").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET /connectors/{name}/status as JSON (connector and task states, a failed task's trace). */
    JsonNode status(String name) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create(restUrl + "/connectors/" + name + "/status")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}

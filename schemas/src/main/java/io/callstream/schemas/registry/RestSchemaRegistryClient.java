package io.callstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks the Confluent Schema Registry REST protocol over HTTP: {@code POST /subjects/{s}/versions},
 * {@code GET /schemas/ids/{id}}, {@code POST /subjects/{s}}, {@code GET /subjects/{s}/versions/latest}.
 * Every call has a timeout; IO errors and 5xx answers are retried with exponential backoff and
 * jitter, trying the next URL on each attempt; 4xx answers fail at once with the registry's
 * {@code error_code}. Not cached: wrap it in {@link CachedSchemaRegistryClient}.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryConfig config;
    private final HttpClient http;
    private final String authorization;

    public RestSchemaRegistryClient(RegistryConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .version(HttpClient.Version.HTTP_1_1);
        RegistryTls.context(config.ssl()).ifPresent(builder::sslContext);
        this.http = builder.build();
        this.authorization = config.bearerToken().map(t -> "Bearer " + t)
                .or(() -> config.basicAuthUserInfo().map(u -> "Basic "
                        + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8))))
                .orElse(null);
    }

    @Override
    public int register(String subject, Schema schema) {
        JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        return answer.path("id").asInt();
    }

    @Override
    public Schema getById(int id) {
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        return parse(answer.path("schema").asText(), "schema id " + id);
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
        return answer.path("id").asInt();
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode a = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        return new RegisteredSchema(a.path("subject").asText(subject), a.path("version").asInt(),
                a.path("id").asInt(), a.path("schema").asText());
    }

    static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException("registry returned an unparsable Avro schema for " + what
                    + ": " + e.getMessage(), 200, SchemaRegistryException.INVALID_SCHEMA);
        }
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private JsonNode call(String method, String path, String body) {
        SchemaRegistryException last = null;
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            String base = config.urls().get(attempt % config.urls().size());
            try {
                return once(method, base + path, body);
            } catch (SchemaRegistryException e) {
                if (!e.isRetriable()) {
                    throw e;
                }
                last = e;
                if (attempt < config.maxRetries()) {
                    long backoff = config.retryBackoff().toMillis() << attempt;
                    long sleep = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                    LOG.warn("schema registry {} {} failed ({}), retry {} of {} in {} ms",
                            method, base + path, e.getMessage(), attempt + 1, config.maxRetries(), sleep);
                    try {
                        Thread.sleep(sleep);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new SchemaRegistryException("interrupted while retrying " + method + " " + path, ie);
                    }
                }
            }
        }
        throw last;
    }

    private JsonNode once(String method, String url, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            req.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry unreachable at " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted calling schema registry at " + url, e);
        }
        JsonNode json = readJson(res.body());
        if (res.statusCode() / 100 == 2) {
            return json;
        }
        int errorCode = json.path("error_code").asInt(res.statusCode());
        String message = json.path("message").asText(res.body());
        throw new SchemaRegistryException("schema registry " + method + " " + url + " answered HTTP "
                + res.statusCode() + ", error_code " + errorCode + ": " + message, res.statusCode(), errorCode);
    }

    private static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

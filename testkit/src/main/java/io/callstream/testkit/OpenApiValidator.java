package io.callstream.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.mediatype.ContentAnalyser;
import io.vertx.openapi.mediatype.MediaTypeRegistration;
import io.vertx.openapi.mediatype.MediaTypeRegistry;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks real HTTP exchanges of the test suite against a service's OpenAPI 3.1 document (served at
 * {@code GET /openapi}), so the documents cannot drift from the code. Backed by {@code io.vertx:vertx-openapi}
 * (OpenAPI 3.0 and 3.1, JSON Schema 2020-12).
 *
 * <p>{@link #assertExchange} finds the operation by method and path (404 names an exchange the document lacks),
 * validates the answer's status, content type and body always, and the request (query, headers, body) when the
 * answer is a success: an error may answer a request the document does not allow, which is the point of such a test
 * (a 503 too: ingest answers 503 instead of the 4xx when the dead letter cannot be written).
 */
public final class OpenApiValidator {

    private static final Map<String, OpenApiValidator> CACHE = new ConcurrentHashMap<>();
    private static volatile Vertx vertx;

    private final String yaml;
    private final OpenAPIContract contract;
    private final RequestValidator requests;
    private final ResponseValidator responses;

    private OpenApiValidator(String yaml, OpenAPIContract contract) {
        this.yaml = yaml;
        this.contract = contract;
        this.requests = RequestValidator.create(vertx(), contract);
        this.responses = ResponseValidator.create(vertx(), contract);
    }

    /** The document at a classpath resource (e.g. {@code openapi/ingest.yaml}), loaded once per JVM. */
    public static OpenApiValidator forResource(String resource) {
        return CACHE.computeIfAbsent(resource, r -> of(read(r)));
    }

    /** A document given as YAML (or JSON) text; fails if it is not a valid OpenAPI document. */
    public static OpenApiValidator of(String yaml) {
        Object tree = new Yaml(new LoaderOptions()).load(yaml);
        if (!(tree instanceof Map<?, ?> map)) {
            throw new AssertionError("an OpenAPI document is a YAML mapping, got: " + tree);
        }
        @SuppressWarnings("unchecked")
        JsonObject json = new JsonObject(stringKeys((Map<Object, Object>) map));
        MediaTypeRegistry registry = MediaTypeRegistry.createEmpty().register(MediaTypeRegistration.APPLICATION_JSON)
                .register(MediaTypeRegistration.VENDOR_SPECIFIC_JSON).register(new PlainText());
        OpenAPIContract contract = await(OpenAPIContract.builder(vertx()).setContract(json)
                .mediaTypeRegistry(registry).build(), "load the OpenAPI document");
        return new OpenApiValidator(yaml, contract);
    }

    /** The document's OpenAPI version (the services' documents are {@link OpenAPIVersion#V3_1}). */
    public OpenAPIVersion version() {
        return contract.getVersion();
    }

    /** The {@code openapi} field as written, e.g. {@code 3.1.0}. */
    public String openapi() {
        return contract.getRawContract().getString("openapi");
    }

    public String yaml() {
        return yaml;
    }

    /**
     * Validates one exchange. {@code target} is the request's path and raw query ({@code /a/b?x=1}); contents types
     * and bodies may be null (no body). Throws {@link AssertionError} naming what disagrees with the document.
     */
    public OpenApiValidator assertExchange(String method, String target, String requestContentType,
                                           String requestBody, int status, String responseContentType,
                                           String responseBody) {
        if (status < 400) {
            assertRequest(method, target, requestContentType, requestBody);
        }
        return assertAnswer(method, target, status, responseContentType, responseBody);
    }

    /** Whether the document has an operation for this method and path (query ignored). */
    public boolean documents(String method, String target) {
        int q = target.indexOf('?');
        return contract.findOperation(q < 0 ? target : target.substring(0, q),
                HttpMethod.valueOf(method.toUpperCase(Locale.ROOT))) != null;
    }

    /** Validates a request (path parameters, query, {@code Content-Type} header, body) against its operation. */
    public OpenApiValidator assertRequest(String method, String target, String contentType, String body) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? "" : target.substring(q + 1);
        Operation operation = operation(method, path);
        Map<String, RequestParameter> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", new RequestParameterImpl(contentType));
        }
        Map<String, RequestParameter> pathParams = new LinkedHashMap<>();
        pathParams(operation.getOpenAPIPath(), path).forEach((k, v) -> pathParams.put(k, new RequestParameterImpl(v)));
        Map<String, RequestParameter> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            query.putIfAbsent(name, new RequestParameterImpl(eq < 0 ? "" : decode(pair.substring(eq + 1))));
        }
        RequestParameter content = new RequestParameterImpl(body == null ? null : Buffer.buffer(body));
        ValidatableRequestImpl request = new ValidatableRequestImpl(Map.of(), headers, pathParams, query, content,
                body == null ? null : baseType(contentType == null ? "application/json" : contentType));
        await(requests.validate(request, operation.getOperationId()), "request " + method + " " + target);
        return this;
    }

    /** Validates an answer (status, content type, body) against the operation of {@code method} and the path. */
    public OpenApiValidator assertAnswer(String method, String target, int status, String contentType, String body) {
        int q = target.indexOf('?');
        Operation operation = operation(method, q < 0 ? target : target.substring(0, q));
        ValidatableResponse response = body == null || body.isEmpty()
                ? ValidatableResponse.create(status)
                : ValidatableResponse.create(status, Buffer.buffer(body), baseType(contentType));
        await(responses.validate(response, operation.getOperationId()),
                "answer " + status + " to " + method + " " + target);
        return this;
    }

    private Operation operation(String method, String path) {
        Operation operation = contract.findOperation(path, HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)));
        if (operation == null) {
            throw new AssertionError("the OpenAPI document has no operation for " + method + " " + path);
        }
        return operation;
    }

    private static Map<String, String> pathParams(String template, String path) {
        Map<String, String> params = new LinkedHashMap<>();
        String[] t = template.split("/");
        String[] p = path.split("/");
        for (int i = 0; i < Math.min(t.length, p.length); i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                params.put(t[i].substring(1, t[i].length() - 1), decode(p[i]));
            }
        }
        return params;
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeys(Map<Object, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), convert(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object convert(Object v) {
        if (v instanceof Map<?, ?> m) {
            return stringKeys((Map<Object, Object>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(OpenApiValidator::convert).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        }
        return v;
    }

    private static String read(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        }
        return vertx;
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new AssertionError("OpenAPI: " + what + ": " + describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + what, e);
        } catch (TimeoutException e) {
            throw new AssertionError("no result within 30 s: " + what, e);
        }
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        if (t instanceof io.vertx.openapi.validation.SchemaValidationException sve && sve.getOutputUnit() != null) {
            msg += " " + sve.getOutputUnit().toJson().encode();
        }
        if (t instanceof io.vertx.openapi.contract.OpenAPIContractException && t.getCause() != null) {
            msg += " " + t.getCause();
        }
        return msg;
    }

    /** Non-JSON bodies the services answer (metrics, this document, the SSE stream): checked as strings. */
    private static final class PlainText implements MediaTypeRegistration {
        @Override
        public ContentAnalyser createContentAnalyser(String contentType, Buffer content,
                                                     io.vertx.openapi.validation.ValidationContext context) {
            return new ContentAnalyser() {
                @Override
                public void checkSyntacticalCorrectness() {
                }

                @Override
                public Object transform() {
                    return content == null ? null : content.toString(StandardCharsets.UTF_8);
                }
            };
        }

        @Override
        public boolean canHandle(String mediaType) {
            return supportedTypes().contains(baseType(mediaType));
        }

        @Override
        public List<String> supportedTypes() {
            return List.of("text/plain", "application/yaml", "text/event-stream");
        }
    }
}

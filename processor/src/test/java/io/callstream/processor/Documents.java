package io.callstream.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.testkit.OpenApiValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * Checks the processor's real HTTP exchanges against its served OpenAPI document ({@code openapi/processor.yaml}):
 * the answer always; the request when it succeeded (the records API answers every error with HTTP 200 and a code,
 * and an error may answer a request the document does not allow).
 */
public final class Documents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Documents() {
    }

    public static void check(String method, URI uri, String requestBody, HttpResponse<String> r) {
        OpenApiValidator doc = OpenApiValidator.forResource("openapi/processor.yaml");
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (!doc.documents(method, target)) {
            return; // an unknown records verb or path: not an operation of the API
        }
        String contentType = r.headers().firstValue("Content-Type").orElse(null);
        doc.assertAnswer(method, target, r.statusCode(), contentType, r.body());
        if (r.statusCode() < 400 && succeeded(contentType, r.body())) {
            doc.assertRequest(method, target, requestBody == null ? null : "application/json", requestBody);
        }
    }

    private static boolean succeeded(String contentType, String body) {
        if (contentType == null || !contentType.startsWith("application/json")) {
            return true;
        }
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode code = n.has("ErrorCode") ? n.get("ErrorCode") : n.get("errorCode");
            return code == null || code.asInt() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.callstream.callbacks.admin;

import io.callstream.common.auth.TestUserSigs;
import io.callstream.testkit.OpenApiValidator;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the admin API the way the documented samples do: POST with the common query parameters and a JSON body. */
public final class AdminClient {

    public static final long APP = 1400000001L;
    public static final String KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    public static final String ADMIN = "administrator";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final long now;
    private final long app;

    public AdminClient(int port, long nowSeconds) {
        this(port, APP, nowSeconds);
    }

    public AdminClient(int port, long app, long nowSeconds) {
        this.base = "http://127.0.0.1:" + port;
        this.app = app;
        this.now = nowSeconds;
    }

    public String sig() {
        return TestUserSigs.sign(app, KEY, ADMIN, 86400, now);
    }

    /** {@code POST <path>?sdkappid=<app>&identifier=administrator&usersig=<fresh>&random=99999999&contenttype=json}. */
    public Answer post(String path, String body) {
        return postWithQuery(path, "sdkappid=" + app + "&identifier=" + ADMIN + "&usersig=" + sig()
                + "&random=99999999&contenttype=json", body);
    }

    public Answer postWithQuery(String path, String query, String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path + "?" + query))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(r.statusCode(), new JsonObject(r.body()));
            documented(path, query, body, answer, r.headers().firstValue("Content-Type").orElse(null), r.body());
            return answer;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the exchange against the served OpenAPI document (docs/callbacks.md): the answer always, the request
     * when it succeeded (an error answer, always HTTP 200, may answer a request the document does not allow).
     */
    private static void documented(String path, String query, String body, Answer answer, String contentType,
                                   String raw) {
        OpenApiValidator doc = OpenApiValidator.forResource("openapi/callbacks.yaml");
        String target = path + "?" + query;
        if (!doc.documents("POST", target)) {
            return; // an unknown verb: answered like an error of its generation, not an operation of the API
        }
        doc.assertAnswer("POST", target, answer.status(), contentType, raw);
        Integer code = answer.json().getInteger("ErrorCode", answer.json().getInteger("errorCode"));
        if (code != null && code == 0) {
            doc.assertRequest("POST", target, "application/json", body);
        }
    }

    /** An HTTP status and the JSON answer. */
    public record Answer(int status, JsonObject json) {
    }
}

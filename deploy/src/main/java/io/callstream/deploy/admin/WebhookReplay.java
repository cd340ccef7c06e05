package io.callstream.deploy.admin;

import io.callstream.avro.DeadLetter;
import io.callstream.avro.HttpRequestOrigin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The webhook a dead letter of ingest holds, as a request to post again: the original body (the
 * letter's payload, byte for byte) to {@code <ingest URL><original path>?<original raw query>}, with
 * the kept headers that describe the body (content type, user agent, request id). Letters of the
 * processor (a Kafka record, not a webhook) and letters without a body have none.
 */
final class WebhookReplay {

    /** Kept headers sent again; the others (host, content-length, the stale signature timestamp) are not. */
    static final Set<String> RESENT_HEADERS = Set.of("content-type", "user-agent", "x-request-id");

    private WebhookReplay() {
    }

    /** Why {@code d} cannot be replayed, or empty when it can. */
    static Optional<String> notReplayable(DeadLetter d) {
        if (d.getHttpRequest() == null) {
            return Optional.of("not a webhook (source " + d.getSource() + ")");
        }
        if (d.getPayload() == null) {
            return Optional.of("no body kept");
        }
        return Optional.empty();
    }

    /** The target URL: the ingest base URL, the original path and raw query. */
    static URI target(String ingestUrl, HttpRequestOrigin h) {
        String base = ingestUrl.endsWith("/") ? ingestUrl.substring(0, ingestUrl.length() - 1) : ingestUrl;
        String query = h.getRawQuery() == null || h.getRawQuery().isEmpty() ? "" : "?" + h.getRawQuery();
        return URI.create(base + h.getPath() + query);
    }

    static HttpRequest request(String ingestUrl, DeadLetter d, Map<String, String> extraHeaders, Duration timeout) {
        HttpRequestOrigin h = d.getHttpRequest();
        HttpRequest.Builder b = HttpRequest.newBuilder(target(ingestUrl, h)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(DeadLetterJson.bytes(d.getPayload())));
        h.getHeaders().forEach((name, value) -> {
            if (RESENT_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                b.header(name, value);
            }
        });
        if (!h.getHeaders().containsKey("content-type")) {
            b.header("Content-Type", "application/json");
        }
        b.header("X-Callstream-Replay", "true");
        extraHeaders.forEach(b::header);
        return b.build();
    }
}

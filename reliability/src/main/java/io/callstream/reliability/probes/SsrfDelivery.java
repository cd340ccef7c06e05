package io.callstream.reliability.probes;

import com.sun.net.httpserver.HttpServer;
import io.callstream.reliability.TopicScan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The SSRF guard at delivery time, for the callback URLs the configuration check lets through: a
 * loopback receiver listens, the URL (pointing at it through an odd spelling of loopback) is set as
 * the app's v4 subscription to {@code Call.CallbackAfterStartCall}, a start call is posted to ingest,
 * and the probe passes when the receiver gets nothing and {@code callback-deliveries-dlq} holds the
 * callback (refused by the guard, or failed: the note says which).
 */
public final class SsrfDelivery {

    private final AdminProbes admin;
    private final String ingestUrl;
    private final long app;
    private final String bootstrapServers;
    private final HttpClient http = HttpClient.newHttpClient();

    public SsrfDelivery(AdminProbes admin, String ingestUrl, long app, String bootstrapServers) {
        this.admin = admin;
        this.ingestUrl = ingestUrl;
        this.app = app;
        this.bootstrapServers = bootstrapServers;
    }

    /** One probe per host spelling, e.g. {@code LOCALHOST.}. */
    public List<AdminProbes.Probe> run(List<String> hosts) throws IOException, InterruptedException {
        Set<String> hits = ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            hits.add(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        List<AdminProbes.Probe> out = new ArrayList<>();
        try {
            int port = receiver.getAddress().getPort();
            for (int i = 0; i < hosts.size(); i++) {
                String url = "http://" + hosts.get(i) + ":" + port + "/ssrf-" + i;
                String callId = "ssrf-" + System.currentTimeMillis() + "-" + i;
                AdminProbes.Probe set = admin.setCallback(url);
                if (set.code() != 0) {
                    // refused when configured: nothing can be delivered there
                    out.add(new AdminProbes.Probe("ssrf-delivery", "delivery to " + url + ": refused when configured",
                            null, set.status(), set.code(), true, "set_callback answered " + set.code()));
                    continue;
                }
                postStartCall(callId);
                String deadLetter = awaitDeadLetter(callId, Duration.ofSeconds(90));
                boolean delivered = hits.contains("/ssrf-" + i);
                boolean refusedByGuard = deadLetter != null && deadLetter.replace(" ", "").contains("\"refused\":true");
                out.add(new AdminProbes.Probe("ssrf-delivery", "delivery to " + url + " (set_callback answered "
                        + set.code() + "): not delivered, dead-lettered", null, set.status(), delivered ? 0 : -1,
                        !delivered && deadLetter != null, delivered ? "DELIVERED to the loopback receiver"
                        : deadLetter == null ? "no dead letter within 90 s"
                        : refusedByGuard ? "dead letter, refused by the guard" : "dead letter after retries: " + deadLetter));
            }
        } finally {
            receiver.stop(0);
        }
        return out;
    }

    private void postStartCall(String callId) throws IOException, InterruptedException {
        long now = System.currentTimeMillis();
        String body = "{\"CallbackCommand\":\"Call.CallbackAfterStartCall\",\"CallInfo\":{\"CallId\":\"" + callId
                + "\",\"CallMediaType\":\"Audio\"},\"UserList\":[{\"User_Account\":\"alice\",\"Status\":\"Calling\"},"
                + "{\"User_Account\":\"bob\",\"Status\":\"Waiting\"}],\"EventTime\":" + now + "}";
        http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/callbacks/callkit?SdkAppid=" + app
                        + "&CallbackCommand=Call.CallbackAfterStartCall&contenttype=json"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** The dead letter of the callback of {@code callId}, or null when none came within {@code timeout}. */
    private String awaitDeadLetter(String callId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String[] found = {null};
            TopicScan.scan(bootstrapServers, Map.of(), "callback-deliveries-dlq", new StringDeserializer(), v -> {
                if (v.contains(callId)) {
                    found[0] = v;
                }
            });
            if (found[0] != null) {
                return found[0];
            }
            Thread.sleep(2_000);
        }
        return null;
    }
}

package io.callstream.callbacks.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A record of the retry topic {@code callback-deliveries-retry} (key callId, JSON): either a callback parked
 * until {@code dueAt} ({@code type: "retry"}: the request, the attempts made, when the first was made, the
 * last error), or the marker that a parked callback is finished ({@code type: "done"}: delivered or
 * dead-lettered), so that a reader starting again from an older offset skips it. {@code parkId} names one
 * parked callback across its re-parkings; a later record with the same parkId supersedes an earlier one.
 */
record Parked(String type, String parkId, CallbackRequest request, int attempts, long firstAttemptAt, long dueAt,
              String lastError, int lastStatus) {

    static final String RETRY = "retry";
    static final String DONE = "done";
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean done() {
        return DONE.equals(type);
    }

    String callKey() {
        return request.sdkAppId() + "/" + request.callId();
    }

    Parked next(int attempts, long dueAt, String lastError, int lastStatus) {
        return new Parked(RETRY, parkId, request, attempts, firstAttemptAt, dueAt, lastError, lastStatus);
    }

    Parked asDone() {
        return new Parked(DONE, parkId, request, attempts, firstAttemptAt, dueAt, lastError, lastStatus);
    }

    String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", type);
        o.put("parkId", parkId);
        o.put("deliveryId", request.deliveryId());
        o.put("sdkAppId", request.sdkAppId());
        o.put("callId", request.callId());
        o.put("eventId", request.eventId());
        o.put("address", request.address());
        o.put("command", request.command());
        o.put("url", request.uri().toString());
        o.put("attempts", attempts);
        o.put("firstAttemptAt", firstAttemptAt);
        o.put("dueAt", dueAt);
        if (lastError != null) {
            o.put("lastError", lastError);
        }
        if (lastStatus != 0) {
            o.put("lastStatus", lastStatus);
        }
        if (!done()) {
            o.put("body", request.body());
        }
        return o.toString();
    }

    /** Reads a record; throws IllegalArgumentException with the reason when it is not one. */
    static Parked fromJson(byte[] value) {
        try {
            JsonNode n = JSON.readTree(value);
            if (n == null || !n.isObject() || !n.hasNonNull("parkId") || !n.hasNonNull("type")) {
                throw new IllegalArgumentException("not a parked callback: " + new String(value, StandardCharsets.UTF_8));
            }
            CallbackRequest r = new CallbackRequest(n.path("sdkAppId").asLong(), n.path("callId").asText(), n.path("eventId").asText(),
                    n.path("address").asText(), n.path("command").asText(), URI.create(n.path("url").asText()), n.path("body").asText(""));
            return new Parked(n.get("type").asText(), n.get("parkId").asText(), r, n.path("attempts").asInt(),
                    n.path("firstAttemptAt").asLong(), n.path("dueAt").asLong(), n.path("lastError").asText(null), n.path("lastStatus").asInt());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a parked callback: " + e.getMessage(), e);
        }
    }
}

package io.callstream.callbacks.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The callback configuration of one SDKAppID, as stored (JSON) in the compacted topic
 * {@code callback-config} under the key SDKAppID: the legacy {@code /v1/callback} subscription and the
 * newer {@code /v4/call_config} subscription, each optional and managed by its own API generation.
 * A record with neither is written as a tombstone.
 */
public record AppCallbackConfig(long sdkAppId, Optional<Subscription> legacy, Optional<Subscription> v4, long updatedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean isEmpty() {
        return legacy.isEmpty() && v4.isEmpty();
    }

    public AppCallbackConfig withLegacy(Optional<Subscription> s, long now) {
        return new AppCallbackConfig(sdkAppId, s, v4, now);
    }

    public AppCallbackConfig withV4(Optional<Subscription> s, long now) {
        return new AppCallbackConfig(sdkAppId, legacy, s, now);
    }

    /** What makes this stored configuration unusable (an address that does not parse); empty when usable. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        legacy.ifPresent(s -> check("v1 address", s.address(), out));
        v4.ifPresent(s -> check("v4 Url", s.address(), out));
        return out;
    }

    private static void check(String what, String address, List<String> out) {
        try {
            io.callstream.callbacks.AddressPolicy.parse(address);
        } catch (IllegalArgumentException e) {
            out.add(what + ": " + e.getMessage());
        }
    }

    /** The subscriptions to {@code address}, disabled at {@code now} (the others unchanged). */
    public AppCallbackConfig disable(String address, long now) {
        return new AppCallbackConfig(sdkAppId, legacy.map(s -> s.address().equals(address) && !s.disabled() ? s.disable(now) : s),
                v4.map(s -> s.address().equals(address) && !s.disabled() ? s.disable(now) : s), now);
    }

    /** The disabled subscriptions enabled again. */
    public AppCallbackConfig enable(long now) {
        return new AppCallbackConfig(sdkAppId, legacy.map(s -> new Subscription(s.address(), s.names())),
                v4.map(s -> new Subscription(s.address(), s.names())), now);
    }

    /** When the subscription to {@code address} was disabled, or 0 when it is not. */
    public long disabledAt(String address) {
        long at = 0;
        if (legacy.isPresent() && legacy.get().address().equals(address)) {
            at = Math.max(at, legacy.get().disabledAt());
        }
        if (v4.isPresent() && v4.get().address().equals(address)) {
            at = Math.max(at, v4.get().disabledAt());
        }
        return at;
    }

    public static AppCallbackConfig empty(long sdkAppId) {
        return new AppCallbackConfig(sdkAppId, Optional.empty(), Optional.empty(), 0);
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("sdkAppId", sdkAppId);
        legacy.ifPresent(s -> root.set("legacy", node(s)));
        v4.ifPresent(s -> root.set("v4", node(s)));
        root.put("updatedAt", updatedAt);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AppCallbackConfig fromJson(byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            return new AppCallbackConfig(root.path("sdkAppId").asLong(), subscription(root.get("legacy")),
                    subscription(root.get("v4")), root.path("updatedAt").asLong());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a callback configuration: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    private static ObjectNode node(Subscription s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("address", s.address());
        ArrayNode names = n.putArray("names");
        s.names().forEach(names::add);
        if (s.disabled()) {
            n.put("disabledAt", s.disabledAt());
        }
        return n;
    }

    private static Optional<Subscription> subscription(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        n.path("names").forEach(x -> names.add(x.asText()));
        return Optional.of(new Subscription(n.path("address").asText(), names, n.path("disabledAt").asLong(0)));
    }
}

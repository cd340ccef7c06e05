package io.callstream.callbacks.admin;

import io.callstream.callbacks.AddressPolicy;
import io.callstream.callbacks.CallbackCommands;
import io.callstream.callbacks.store.AppCallbackConfig;
import io.callstream.callbacks.store.CallbackConfigStore;
import io.callstream.callbacks.store.Subscription;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The documented verbs of both API generations (callkit-v4-and-records.md section 4) on a
 * {@link CallbackConfigStore}: validation of the request body, the change to the app's configuration,
 * and the {@code data} / {@code Response} of the answer. Each verb throws its own generation's codes.
 */
final class CallbackOperations {

    private static final int MAX_NAMES = 64;

    private final CallbackConfigStore store;
    private final AddressPolicy addresses;
    private final Clock clock;

    CallbackOperations(CallbackConfigStore store, AddressPolicy addresses, Clock clock) {
        this.store = store;
        this.addresses = addresses;
        this.clock = clock;
    }

    // ---- v1 /v1/callback/{set,get,update,delete}: "the last call prevails" ----

    CompletableFuture<Object> legacySet(long app, JsonObject body) {
        Subscription s = legacySubscription(body);
        return store.update(app, c -> c.withLegacy(Optional.of(s), clock.millis())).thenApply(c -> s.address());
    }

    /** As {@code set}, but 999 when the app has no v1 configuration. */
    CompletableFuture<Object> legacyUpdate(long app, JsonObject body) {
        Subscription s = legacySubscription(body);
        return store.update(app, c -> {
            c.legacy().orElseThrow(() -> new ApiException(ApiException.V1_NO_CONFIGURATION,
                    "no callback configuration exists; create one with set first"));
            return c.withLegacy(Optional.of(s), clock.millis());
        }).thenApply(c -> s.address());
    }

    /** Nothing configured: {@code {"actions":[],"address":""}} (the documented get has no "no configuration" code). */
    CompletableFuture<Object> legacyGet(long app, JsonObject body) {
        Optional<Subscription> s = store.get(app).flatMap(AppCallbackConfig::legacy);
        return CompletableFuture.completedFuture(new JsonObject()
                .put("actions", new JsonArray(s.map(Subscription::names).orElse(List.of())))
                .put("address", s.map(Subscription::address).orElse("")));
    }

    CompletableFuture<Object> legacyDelete(long app, JsonObject body) {
        return store.update(app, c -> c.withLegacy(Optional.empty(), clock.millis())).thenApply(c -> "");
    }

    private Subscription legacySubscription(JsonObject body) {
        Object raw = body.getValue("address");
        if (!(raw instanceof String address)) {
            throw new ApiException(ApiException.V1_INVALID_PARAMETER, "address is missing or not a string");
        }
        try {
            addresses.validateConfigured(address);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiException.V1_INVALID_PARAMETER, e.getMessage());
        }
        List<String> actions = names(body, "actions", CallbackCommands.legacyActions(), "action", ApiException.V1_INVALID_PARAMETER);
        return new Subscription(address, actions);
    }

    // ---- v4 /v4/call_config/{set,get,delete}_callback ----

    /** Creates or overwrites the app's v4 configuration; {@code Url} and {@code CallbackCommandList} are both required. */
    CompletableFuture<Object> v4Set(long app, JsonObject body) {
        Object raw = body.getValue("Url");
        if (!(raw instanceof String url)) {
            throw new ApiException(ApiException.V4_INVALID_PARAMETER, "Url is missing or not a string");
        }
        try {
            addresses.validateConfigured(url);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiException.V4_INVALID_PARAMETER, "Url: " + e.getMessage());
        }
        List<String> commands = names(body, "CallbackCommandList", CallbackCommands.V4_COMMANDS, "command",
                ApiException.V4_INVALID_PARAMETER);
        Subscription s = new Subscription(url, commands);
        return store.update(app, c -> c.withV4(Optional.of(s), clock.millis())).thenApply(c -> null);
    }

    CompletableFuture<Object> v4Get(long app, JsonObject body) {
        Subscription s = store.get(app).flatMap(AppCallbackConfig::v4).orElseThrow(() -> new ApiException(
                ApiException.V4_NO_CONFIGURATION, "no callback configuration exists; create one with set_callback first"));
        return CompletableFuture.completedFuture(new JsonObject().put("Url", s.address())
                .put("CallbackCommandList", new JsonArray(s.names())));
    }

    /** Removes the app's v4 configuration; succeeds when there is none (the documented errors are 100001 and 100002 only). */
    CompletableFuture<Object> v4Delete(long app, JsonObject body) {
        return store.update(app, c -> c.withV4(Optional.empty(), clock.millis())).thenApply(c -> null);
    }

    // ---- callstream's own: /callstream/callbacks/enable ----

    /** Enables the app's disabled subscriptions again; answers how many were disabled. */
    CompletableFuture<Object> enable(long app, JsonObject body) {
        long disabled = store.get(app).map(c -> c.legacy().filter(Subscription::disabled).stream().count()
                + c.v4().filter(Subscription::disabled).stream().count()).orElse(0L);
        return store.update(app, c -> c.enable(clock.millis())).thenApply(c -> new JsonObject().put("Enabled", disabled));
    }

    private static List<String> names(JsonObject body, String field, Set<String> known, String what, int code) {
        Object raw = body.getValue(field);
        if (!(raw instanceof JsonArray array)) {
            throw new ApiException(code, field + " is missing or not an array");
        }
        if (array.size() > MAX_NAMES) {
            throw new ApiException(code, field + " has more than " + MAX_NAMES + " entries");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object o : array) {
            if (!(o instanceof String name)) {
                throw new ApiException(code, field + " must contain strings only");
            }
            if (!known.contains(name)) {
                throw new ApiException(code, "unknown " + what + " '" + name + "' in " + field
                        + "; known: " + String.join(", ", new TreeSet<>(known)));
            }
            out.add(name);
        }
        return new ArrayList<>(out);
    }
}

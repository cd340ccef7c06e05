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
 * The eight verbs of both API generations on a {@link CallbackConfigStore}: validation of the request
 * body, the change to the app's configuration, and the {@code data} / {@code Response} of the answer.
 */
final class CallbackOperations {

    private final CallbackConfigStore store;
    private final AddressPolicy addresses;
    private final Clock clock;

    CallbackOperations(CallbackConfigStore store, AddressPolicy addresses, Clock clock) {
        this.store = store;
        this.addresses = addresses;
        this.clock = clock;
    }

    // ---- legacy /v1/callback/{set,update,get,delete}: "the last call prevails" ----

    CompletableFuture<Object> legacySet(long app, JsonObject body) {
        Object raw = body.getValue("address");
        if (!(raw instanceof String address)) {
            throw new ApiException(ApiException.INVALID_PARAMETER, "address is missing or not a string");
        }
        try {
            addresses.validateConfigured(address);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiException.LEGACY_BAD_ADDRESS, e.getMessage());
        }
        List<String> actions = names(body, "actions", CallbackCommands.legacyActions(), "action");
        Subscription s = new Subscription(address, actions);
        return store.update(app, c -> c.withLegacy(Optional.of(s), clock.millis())).thenApply(c -> address);
    }

    CompletableFuture<Object> legacyGet(long app, JsonObject body) {
        Optional<Subscription> s = store.get(app).flatMap(AppCallbackConfig::legacy);
        return CompletableFuture.completedFuture(new JsonObject()
                .put("actions", new JsonArray(s.map(Subscription::names).orElse(List.of())))
                .put("address", s.map(Subscription::address).orElse("")));
    }

    CompletableFuture<Object> legacyDelete(long app, JsonObject body) {
        return store.update(app, c -> c.withLegacy(Optional.empty(), clock.millis())).thenApply(c -> "");
    }

    // ---- newer /v4/call_config/{create,get,update,delete}_callback ----

    CompletableFuture<Object> v4Create(long app, JsonObject body) {
        String url = url(body, true);
        List<String> commands = names(body, "CallbackCommandList", CallbackCommands.V4_COMMANDS, "command");
        Subscription s = new Subscription(url, commands);
        return store.update(app, c -> c.withV4(Optional.of(s), clock.millis())).thenApply(c -> null);
    }

    CompletableFuture<Object> v4Update(long app, JsonObject body) {
        String url = url(body, false);
        List<String> commands = body.containsKey("CallbackCommandList")
                ? names(body, "CallbackCommandList", CallbackCommands.V4_COMMANDS, "command") : null;
        if (url == null && commands == null) {
            throw new ApiException(ApiException.INVALID_PARAMETER, "give Url and/or CallbackCommandList to update");
        }
        return store.update(app, c -> {
            Subscription old = c.v4().orElseThrow(CallbackOperations::noConfiguration);
            Subscription s = new Subscription(url == null ? old.address() : url, commands == null ? old.names() : commands);
            return c.withV4(Optional.of(s), clock.millis());
        }).thenApply(c -> null);
    }

    CompletableFuture<Object> v4Get(long app, JsonObject body) {
        Subscription s = store.get(app).flatMap(AppCallbackConfig::v4).orElseThrow(CallbackOperations::noConfiguration);
        return CompletableFuture.completedFuture(new JsonObject().put("Url", s.address())
                .put("CallbackCommandList", new JsonArray(s.names())));
    }

    CompletableFuture<Object> v4Delete(long app, JsonObject body) {
        return store.update(app, c -> {
            c.v4().orElseThrow(CallbackOperations::noConfiguration);
            return c.withV4(Optional.empty(), clock.millis());
        }).thenApply(c -> null);
    }

    private String url(JsonObject body, boolean required) {
        Object raw = body.getValue("Url");
        if (raw == null && !required) {
            return null;
        }
        if (!(raw instanceof String url)) {
            throw new ApiException(ApiException.INVALID_PARAMETER, "Url is missing or not a string");
        }
        try {
            addresses.validateConfigured(url);
            return url;
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiException.INVALID_PARAMETER, "Url: " + e.getMessage());
        }
    }

    private static List<String> names(JsonObject body, String field, Set<String> known, String what) {
        Object raw = body.getValue(field);
        if (!(raw instanceof JsonArray array)) {
            throw new ApiException(ApiException.INVALID_PARAMETER, field + " is missing or not an array");
        }
        if (array.size() > 64) {
            throw new ApiException(ApiException.INVALID_PARAMETER, field + " has more than 64 entries");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object o : array) {
            if (!(o instanceof String name)) {
                throw new ApiException(ApiException.INVALID_PARAMETER, field + " must contain strings only");
            }
            if (!known.contains(name)) {
                throw new ApiException(ApiException.INVALID_PARAMETER, "unknown " + what + " '" + name + "' in " + field
                        + "; known: " + String.join(", ", new TreeSet<>(known)));
            }
            out.add(name);
        }
        return new ArrayList<>(out);
    }

    private static ApiException noConfiguration() {
        return new ApiException(ApiException.NO_CONFIGURATION, "no callback configuration exists; create one first");
    }
}

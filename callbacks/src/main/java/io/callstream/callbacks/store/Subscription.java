package io.callstream.callbacks.store;

import java.util.List;

/**
 * One configured callback: the address events are POSTed to and the names they are sent for
 * (legacy action words such as {@code caller_start_call}, or newer commands such as
 * {@code Call.CallbackAfterStartCall}); {@code disabledAt} (epoch ms, 0 when enabled) is set by delivery
 * when the address kept failing for {@code callbacks.disable.after}, and cleared by setting it again.
 */
public record Subscription(String address, List<String> names, long disabledAt) {

    public Subscription {
        names = List.copyOf(names);
    }

    public Subscription(String address, List<String> names) {
        this(address, names, 0);
    }

    public boolean disabled() {
        return disabledAt > 0;
    }

    public Subscription disable(long now) {
        return new Subscription(address, names, now);
    }
}

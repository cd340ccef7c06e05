package io.callstream.callbacks.store;

import java.util.List;

/**
 * One configured callback: the address events are POSTed to and the names they are sent for
 * (legacy action words such as {@code caller_start_call}, or newer commands such as
 * {@code Call.CallbackAfterStartCall}).
 */
public record Subscription(String address, List<String> names) {

    public Subscription {
        names = List.copyOf(names);
    }
}

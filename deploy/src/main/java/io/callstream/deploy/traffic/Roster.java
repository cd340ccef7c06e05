package io.callstream.deploy.traffic;

import io.callstream.deploy.traffic.CallStory.Moment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is in a generated call at a point of its story: the caller, the users in the call
 * ({@code Calling} in v4 words), those whose invitation still rings ({@code Waiting}), and every
 * callee ever invited or joined. The family writers read it after each moment ({@code TotalNum},
 * {@code UserList}, who reports the end).
 */
final class Roster {

    private final String caller;
    private final List<String> invited;
    private final Set<String> calling = new LinkedHashSet<>();
    private final Set<String> waiting = new LinkedHashSet<>();
    private final Set<String> callees = new LinkedHashSet<>();

    Roster(CallStory story) {
        this.caller = story.caller();
        this.invited = story.callees();
    }

    /** Applies a moment of the story. */
    void apply(Moment m) {
        switch (m.action()) {
            case START -> {
                calling.add(caller);
                callees.addAll(invited);
                waiting.addAll(invited);
            }
            case RING, INVITE -> m.users().forEach(u -> {
                callees.add(u);
                if (!calling.contains(u)) {
                    waiting.add(u);
                }
            });
            case ANSWER -> m.users().forEach(u -> {
                waiting.remove(u);
                calling.add(u);
            });
            case JOIN -> m.users().forEach(u -> {
                callees.add(u);
                calling.add(u);
            });
            case NOT_ANSWER, REJECT, BUSY, CANCEL_INVITE -> m.users().forEach(waiting::remove);
            case CANCEL -> {
                waiting.clear();
                calling.remove(caller);
            }
            case HANG_UP, OFFLINE -> m.users().forEach(calling::remove);
            default -> throw new IllegalArgumentException(m.action().name());
        }
    }

    String caller() {
        return caller;
    }

    boolean isCaller(String user) {
        return caller.equals(user);
    }

    /** The users in the call, the caller first if it is still in. */
    List<String> calling() {
        return new ArrayList<>(calling);
    }

    /** The callees whose invitation still rings. */
    List<String> waiting() {
        return new ArrayList<>(waiting);
    }

    /** Every callee invited or joined so far, in that order. */
    List<String> callees() {
        return new ArrayList<>(callees);
    }

    /** Participants so far, the caller included: v1's {@code TotalNum}. */
    int totalNum() {
        return 1 + callees.size();
    }
}

package io.callstream.deploy.traffic;

import io.callstream.deploy.traffic.CallStory.Action;
import io.callstream.deploy.traffic.CallStory.Ending;
import io.callstream.deploy.traffic.CallStory.Moment;
import io.callstream.deploy.traffic.CallStory.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Collects the moments of a {@link CallStory} in any order and sorts them by time (moments of the
 * same second keep the order they were added in). Each moment gets a random millisecond within its
 * second, for the v4 {@code EventTime}s, rising with the order, and the end record comes after the
 * last moment.
 */
final class StoryBuilder {

    private final Random random;
    private final CallFactory.Draft draft;
    private final List<Moment> moments = new ArrayList<>();
    private Ending ending;

    StoryBuilder(Random random, CallFactory.Draft draft) {
        this.random = random;
        this.draft = draft;
    }

    StoryBuilder at(long second, Action action, String... users) {
        return at(second, action, List.of(users));
    }

    StoryBuilder at(long second, Action action, List<String> users) {
        moments.add(new Moment(second, random.nextInt(1000), action, users));
        return this;
    }

    /** How the call ended; the end record is sent within the second {@code endSecond}, after the moments in it. */
    StoryBuilder end(Result result, Long acceptSecond, long endSecond) {
        ending = new Ending(result, acceptSecond, endSecond, 0);
        return this;
    }

    /** The latest second of any moment so far. */
    long latest() {
        return moments.stream().mapToLong(Moment::second).max().orElseThrow();
    }

    CallStory build() {
        if (ending == null) {
            throw new IllegalStateException("a story needs its ending");
        }
        List<Moment> sorted = new ArrayList<>(moments);
        sorted.sort(Comparator.comparingLong(Moment::second));
        risingMillis(sorted);
        Moment last = sorted.get(sorted.size() - 1);
        int after = last.second() == ending.endSecond() ? last.millis() : 0;
        Ending end = new Ending(ending.result(), ending.acceptSecond(), ending.endSecond(),
                after + random.nextInt(1000 - after));
        return new CallStory(draft.callId(), draft.group(), draft.video(), "room-" + draft.callId(), draft.caller(),
                draft.callees(), sorted, end, draft.numericAccounts());
    }

    /** Within each second, hands the moments' milliseconds out in rising order. */
    private static void risingMillis(List<Moment> sorted) {
        int from = 0;
        while (from < sorted.size()) {
            int to = from;
            while (to < sorted.size() && sorted.get(to).second() == sorted.get(from).second()) {
                to++;
            }
            int[] millis = sorted.subList(from, to).stream().mapToInt(Moment::millis).sorted().toArray();
            for (int i = from; i < to; i++) {
                Moment m = sorted.get(i);
                sorted.set(i, new Moment(m.second(), millis[i - from], m.action(), m.users()));
            }
            from = to;
        }
    }
}

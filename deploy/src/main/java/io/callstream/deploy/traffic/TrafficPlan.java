package io.callstream.deploy.traffic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The stream of webhooks for a number of calls: calls are made in windows of {@code window}
 * concurrent calls whose callbacks interleave (each call's own order kept, unless the mix shuffles
 * it), and some callbacks are delivered twice, the copy later in the stream. Generated lazily, so
 * long benchmark runs do not hold every request; {@link #expectations()} holds what each call must
 * produce (needed for verification).
 */
public final class TrafficPlan implements Iterator<WebhookRequest> {

    private final CallFactory factory;
    private final TrafficMix mix;
    private final long calls;
    private final int window;
    private final Random random;
    private final boolean keepExpectations;
    private final List<ExpectedCall> expectations = new ArrayList<>();
    private final List<WebhookRequest> buffer = new ArrayList<>();
    private int position;
    private long made;
    private long duplicatesPlanned;
    private final Map<CallFamilies, Long> byFamilies = new EnumMap<>(CallFamilies.class);

    public TrafficPlan(CallFactory factory, TrafficMix mix, long calls, int window, long seed, boolean keepExpectations) {
        this.factory = factory;
        this.mix = mix;
        this.calls = calls;
        this.window = Math.max(1, window);
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.keepExpectations = keepExpectations;
    }

    @Override
    public boolean hasNext() {
        if (position < buffer.size()) {
            return true;
        }
        if (made >= calls) {
            return false;
        }
        fill();
        return position < buffer.size();
    }

    @Override
    public WebhookRequest next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return buffer.get(position++);
    }

    private void fill() {
        buffer.clear();
        position = 0;
        List<List<WebhookRequest>> active = new ArrayList<>();
        for (int i = 0; i < window && made < calls; i++, made++) {
            PlannedCall call = factory.next(mix.pick(random));
            byFamilies.merge(call.expected().families(), 1L, Long::sum);
            if (keepExpectations) {
                expectations.add(call.expected());
            }
            List<WebhookRequest> hooks = new ArrayList<>(call.webhooks());
            if (random.nextDouble() < mix.outOfOrder()) {
                Collections.shuffle(hooks, random);
            }
            active.add(hooks);
        }
        interleave(active);
        addDuplicates();
    }

    /** Merges the calls' lists, taking the next callback of a random still-open call each time. */
    private void interleave(List<List<WebhookRequest>> active) {
        int[] next = new int[active.size()];
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            open.add(i);
        }
        while (!open.isEmpty()) {
            int k = random.nextInt(open.size());
            int call = open.get(k);
            buffer.add(active.get(call).get(next[call]++));
            if (next[call] == active.get(call).size()) {
                open.set(k, open.get(open.size() - 1));
                open.remove(open.size() - 1);
            }
        }
    }

    /** A duplicate is the identical request again, somewhere after the original within the window. */
    private void addDuplicates() {
        int originals = buffer.size();
        List<List<WebhookRequest>> after = new ArrayList<>(Collections.nCopies(originals, null));
        for (int i = 0; i < originals; i++) {
            if (random.nextDouble() < mix.duplicates()) {
                int at = i + random.nextInt(originals - i);
                if (after.get(at) == null) {
                    after.set(at, new ArrayList<>());
                }
                after.get(at).add(buffer.get(i));
                duplicatesPlanned++;
            }
        }
        List<WebhookRequest> merged = new ArrayList<>(originals);
        for (int i = 0; i < originals; i++) {
            merged.add(buffer.get(i));
            if (after.get(i) != null) {
                merged.addAll(after.get(i));
            }
        }
        buffer.clear();
        buffer.addAll(merged);
    }

    public List<ExpectedCall> expectations() {
        return Collections.unmodifiableList(expectations);
    }

    public long callsMade() {
        return made;
    }

    /** Calls made so far by the families they were sent in. */
    public Map<CallFamilies, Long> callsByFamilies() {
        return Collections.unmodifiableMap(byFamilies);
    }

    public long duplicatesPlanned() {
        return duplicatesPlanned;
    }

    public String runId() {
        return factory.runId();
    }
}

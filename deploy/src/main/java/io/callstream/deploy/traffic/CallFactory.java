package io.callstream.deploy.traffic;

import io.callstream.avro.MediaType;
import io.callstream.deploy.traffic.CallStory.Moment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes realistic TUICallKit calls: for a {@link Scenario}, the {@link CallStory} of the call (who
 * called whom, who answered, rejected, was invited, joined, hung up or dropped out, and how it
 * ended), the callbacks TUICallKit sends for it in the families the {@link CallbackFormat} picks
 * (v1 event callbacks of both sides, the v1 status callback, the v4 callbacks, or v1 and v4 for the
 * same CallId) in their natural order, and the expected summary and alerts. Times are whole seconds
 * within the hour before the base time (v4 {@code EventTime}s add milliseconds), every call over by
 * then (a call lasts at most ~18 minutes), so no record carries a future timestamp. One user in five
 * has an all-digit id (18 digits, as the docs' samples), which v4 bodies of some calls write as a
 * bare number. Deterministic for a given seed.
 */
public final class CallFactory {

    /** The smallest user pool: a call has up to 7 users (a caller, four callees, one invited, one joining). */
    public static final int MIN_USER_POOL = 8;

    private final Random random;
    private final String runId;
    private final long baseEpochSecond;
    private final int userPool;
    private final CallbackFormat format;
    private final SingleCalls singles;
    private final GroupCalls groups;
    private long sequence;
    /** Users of the call being made, so that nobody is in it twice. */
    private final List<String> inCall = new ArrayList<>();

    /** A factory of v1 event callbacks, as before the other families existed. */
    public CallFactory(long seed, String runId, long baseEpochSecond, int userPool) {
        this(seed, runId, baseEpochSecond, userPool, CallbackFormat.V1);
    }

    /**
     * @param seed            random seed
     * @param runId           prefix of every call id, so that a verifier finds this run's calls
     * @param baseEpochSecond calls start in the hour before this time
     * @param userPool        number of distinct user ids, at least {@link #MIN_USER_POOL}
     * @param format          the callback families of the calls
     */
    public CallFactory(long seed, String runId, long baseEpochSecond, int userPool, CallbackFormat format) {
        if (userPool < MIN_USER_POOL) {
            throw new IllegalArgumentException("a user pool of " + userPool + " is too small: a group call has up to 7"
                    + " distinct users; at least " + MIN_USER_POOL);
        }
        this.random = new Random(seed);
        this.runId = runId;
        this.baseEpochSecond = baseEpochSecond;
        this.userPool = userPool;
        this.format = format;
        this.singles = new SingleCalls(random);
        this.groups = new GroupCalls(random, this::newUser);
    }

    public String runId() {
        return runId;
    }

    public CallbackFormat format() {
        return format;
    }

    /** What {@link #next} made: the story and what it must produce. */
    record Written(CallStory story, ExpectedCall expected) {
    }

    /** The call before its story: id, families, people, start, media. */
    record Draft(String callId, CallFamilies families, String caller, List<String> callees, long t0, boolean video,
                 boolean numericAccounts) {

        boolean group() {
            return callees.size() > 1;
        }

        MediaType mediaType() {
            return video ? MediaType.VIDEO : MediaType.AUDIO;
        }
    }

    public PlannedCall next(Scenario scenario) {
        String callId = String.format("%s-%06d", runId, sequence++);
        CallFamilies families = format.pick(random);
        inCall.clear();
        String caller = newUser();
        int n = scenario == Scenario.GROUP ? 2 + random.nextInt(3) : 1;
        List<String> callees = new ArrayList<>();
        while (callees.size() < n) {
            callees.add(newUser());
        }
        long t0 = baseEpochSecond - 3600 + random.nextInt(2400);
        Draft d = new Draft(callId, families, caller, callees, t0, random.nextInt(3) == 0, random.nextBoolean());
        Written w = scenario == Scenario.GROUP ? groups.write(d) : singles.write(scenario, d);
        return new PlannedCall(w.expected(), w.story(), callbacks(w.story(), families));
    }

    /** The callbacks of every family of the call, moment by moment (v1 before v4 at each), then the ends. */
    private List<WebhookRequest> callbacks(CallStory story, CallFamilies families) {
        List<FamilyWriter> writers = new ArrayList<>();
        if (families.v1Events()) {
            writers.add(new V1EventCallbacks(story, random));
        }
        if (families.v1Status()) {
            writers.add(new V1StatusCallback(story, random));
        }
        if (families.v4()) {
            writers.add(new V4Callbacks(story, random));
        }
        Roster roster = new Roster(story);
        List<WebhookRequest> out = new ArrayList<>();
        for (Moment m : story.moments()) {
            roster.apply(m);
            writers.forEach(w -> out.addAll(w.moment(m, roster)));
        }
        writers.forEach(w -> out.addAll(w.end(roster)));
        return out;
    }

    /** A user of the pool not yet in the call being made; every fifth id is all digits. */
    private String newUser() {
        while (true) {
            int i = random.nextInt(userPool);
            String u = i % 5 == 0 ? String.format("1441%014d", i) : "user-" + i;
            if (!inCall.contains(u)) {
                inCall.add(u);
                return u;
            }
        }
    }
}

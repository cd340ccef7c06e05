package io.callstream.bench;

import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * Realistic TUICallKit callbacks for the load runs, for many distinct answered 1:1 calls, in one of
 * two generations: {@link Format#V1} the six v1 event callbacks of both sides (callkit-callbacks.md
 * section 1), {@link Format#V4} the four v4 callbacks ({@code Call.CallbackAfterStartCall}, two
 * {@code Call.CallbackAfterMemberChanged} (answer, hang-up) and {@code Call.CallbackAfterEndCall};
 * callkit-v4-and-records.md section 2) with their v4 query parameters. Precomputed, so building
 * requests costs the driver nothing.
 */
public final class Webhooks implements LoadDriver.Requests {

    /** The callback generation of the bodies ({@code --bodies v1,v4}). */
    public enum Format {
        V1, V4;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Format parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** The v1 query: one command word for every request (ingest reads the event from the body). */
    public static final String QUERY = "sdkappid=1400000001&command=callkit_event&contenttype=json"
            + "&clientip=127.0.0.1&optplatform=iOS";
    private static final String[][] FLOW = {
        {"caller", "start_call", ""}, {"callee", "receive_call", ""}, {"callee", "accept_call", ""},
        {"caller", "call_accepted", ""}, {"caller", "call_end", "normal_end"}, {"callee", "call_end", "normal_end"}};
    private static final String[] V4_COMMANDS = {"Call.CallbackAfterStartCall", "Call.CallbackAfterMemberChanged",
        "Call.CallbackAfterMemberChanged", "Call.CallbackAfterEndCall"};
    private static final String[] V4_QUERIES = java.util.Arrays.stream(V4_COMMANDS).map(c -> "SdkAppid=1400000001"
            + "&CallbackCommand=" + c + "&contenttype=json&ClientIP=127.0.0.1&OptPlatform=iOS").toArray(String[]::new);
    private static final long T0 = 1_764_000_000L;

    private final Format format;
    private final Buffer[] bodies;

    public Webhooks(int calls) {
        this(calls, Format.V1);
    }

    public Webhooks(int calls, Format format) {
        this.format = format;
        int perCall = format == Format.V1 ? FLOW.length : V4_COMMANDS.length;
        bodies = new Buffer[calls * perCall];
        for (int c = 0; c < calls; c++) {
            for (int e = 0; e < perCall; e++) {
                bodies[c * perCall + e] = Buffer.buffer(format == Format.V1 ? v1(c, e) : v4(c, e));
            }
        }
    }

    private static String v1(int c, int e) {
        String[] f = FLOW[e];
        String user = f[0].equals("caller") ? "alice-" + c : "bob-" + c;
        return String.format(Locale.ROOT,
                "{\"UserId\":\"%s\",\"RoomId\":\"room-%d\",\"TotalNum\":2,\"MediaType\":\"audio\","
                        + "\"CallType\":\"single\",\"CallId\":\"bench-%08d-7f3a-4c1e-9b2d\",\"Role\":\"%s\","
                        + "\"Event\":\"%s\",\"CallResult\":\"%s\",\"EventTime\":%d,\"StartCallTs\":%d,"
                        + "\"AcceptTs\":%d,\"EndTs\":%d}",
                user, c, c, f[0], f[1], f[2], T0 + c + e, T0 + c, T0 + c + 2, T0 + c + 5);
    }

    private static String v4(int c, int e) {
        String callId = String.format(Locale.ROOT, "bench-%08d-7f3a-4c1e-9b2d", c);
        long t = T0 + c;
        String alice = "\"User_Account\":\"alice-" + c + "\"";
        String bob = "\"User_Account\":\"bob-" + c + "\"";
        return switch (e) {
            case 0 -> String.format(Locale.ROOT, "{\"CallbackCommand\":\"%s\",\"CallInfo\":{\"CallId\":\"%s\","
                    + "\"CallMediaType\":\"Audio\",\"ChatGroupId\":\"\",\"RoomId\":\"room-%d\",\"RoomIdType\":2},"
                    + "\"UserList\":[{%s,\"Status\":\"Calling\"},{%s,\"Status\":\"Waiting\"}],\"EventTime\":%d}",
                    V4_COMMANDS[0], callId, c, alice, bob, t * 1000 + 137);
            case 1 -> String.format(Locale.ROOT, "{\"CallbackCommand\":\"%s\",\"CallId\":\"%s\",\"UserList\":"
                    + "[{%s,\"Status\":\"Calling\"},{%s,\"Status\":\"Calling\"}],\"ChangedUserList\":[{%s,"
                    + "\"ActionType\":\"Answer\"}],\"EventTime\":%d}", V4_COMMANDS[1], callId, alice, bob, bob,
                    (t + 2) * 1000 + 412);
            case 2 -> String.format(Locale.ROOT, "{\"CallbackCommand\":\"%s\",\"CallId\":\"%s\",\"UserList\":"
                    + "[{%s,\"Status\":\"Calling\"}],\"ChangedUserList\":[{%s,\"ActionType\":\"Hangup\"}],"
                    + "\"EventTime\":%d}", V4_COMMANDS[2], callId, alice, bob, (t + 5) * 1000 + 88);
            default -> String.format(Locale.ROOT, "{\"CallbackCommand\":\"%s\",\"CallRecord\":{\"CallId\":\"%s\","
                    + "\"Caller_Account\":\"alice-%d\",\"MediaType\":\"Audio\",\"CallType\":\"SingleCall\","
                    + "\"StartTime\":%d,\"EndTime\":%d,\"AcceptTime\":%d,\"CallResult\":\"NormalEnd\","
                    + "\"CalleeList_Account\":[\"alice-%d\",\"bob-%d\"],\"RoomId\":\"room-%d\",\"RoomIdType\":2},"
                    + "\"EventTime\":%d}", V4_COMMANDS[3], callId, c, t, t + 5, t + 2, c, c, c, (t + 5) * 1000 + 640);
        };
    }

    public Format format() {
        return format;
    }

    /** The body of request i (cycling through the precomputed calls). */
    @Override
    public Buffer body(long i) {
        return bodies[(int) (i % bodies.length)];
    }

    /** The query of request i: the v1 {@link #QUERY}, or the v4 parameters with the body's command. */
    @Override
    public String query(long i) {
        return format == Format.V1 ? QUERY : V4_QUERIES[(int) (i % bodies.length % V4_QUERIES.length)];
    }

    public int averageSize() {
        long sum = 0;
        for (Buffer b : bodies) {
            sum += b.length();
        }
        return (int) (sum / bodies.length);
    }
}

package io.callstream.bench;

import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * Realistic TUICallKit call-event webhook bodies (callkit-callbacks.md section 1) for the load runs:
 * the six callbacks of an answered 1:1 call, for many distinct calls. Precomputed, so building
 * bodies costs the driver nothing.
 */
public final class Webhooks {

    public static final String QUERY = "sdkappid=1400000001&command=callkit_event&contenttype=json"
            + "&clientip=127.0.0.1&optplatform=iOS";
    private static final String[][] FLOW = {
        {"caller", "start_call", ""}, {"callee", "receive_call", ""}, {"callee", "accept_call", ""},
        {"caller", "call_accepted", ""}, {"caller", "call_end", "normal_end"}, {"callee", "call_end", "normal_end"}};

    private final Buffer[] bodies;

    public Webhooks(int calls) {
        bodies = new Buffer[calls * FLOW.length];
        long t0 = 1_764_000_000L;
        for (int c = 0; c < calls; c++) {
            for (int e = 0; e < FLOW.length; e++) {
                String[] f = FLOW[e];
                String user = f[0].equals("caller") ? "alice-" + c : "bob-" + c;
                bodies[c * FLOW.length + e] = Buffer.buffer(String.format(Locale.ROOT,
                        "{\"UserId\":\"%s\",\"RoomId\":\"room-%d\",\"TotalNum\":2,\"MediaType\":\"audio\","
                                + "\"CallType\":\"single\",\"CallId\":\"bench-%08d-7f3a-4c1e-9b2d\",\"Role\":\"%s\","
                                + "\"Event\":\"%s\",\"CallResult\":\"%s\",\"EventTime\":%d,\"StartCallTs\":%d,"
                                + "\"AcceptTs\":%d,\"EndTs\":%d}",
                        user, c, c, f[0], f[1], f[2], t0 + c + e, t0 + c, t0 + c + 2, t0 + c + 5));
            }
        }
    }

    /** The body of request i (cycling through the precomputed calls). */
    public Buffer body(long i) {
        return bodies[(int) (i % bodies.length)];
    }

    public int averageSize() {
        long sum = 0;
        for (Buffer b : bodies) {
            sum += b.length();
        }
        return (int) (sum / bodies.length);
    }
}

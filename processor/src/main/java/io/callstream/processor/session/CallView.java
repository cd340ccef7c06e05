package io.callstream.processor.session;

import io.callstream.avro.CallOutcome;
import java.util.List;

/**
 * What a session means right now: the call outcome (null while undecided), whether anyone
 * answered, and one verdict per participant in the session's participant order.
 */
public record CallView(CallOutcome outcome, boolean answered, List<Verdict> verdicts) {

    public boolean decided() {
        return outcome != null;
    }
}

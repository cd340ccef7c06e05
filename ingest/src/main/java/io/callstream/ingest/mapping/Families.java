package io.callstream.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstream.avro.CallbackFamily;
import java.util.Optional;

/**
 * Tells which TUICallKit callback a body is (callkit-v4-and-records.md sections 2 and 3), from its
 * command word and its shape:
 * <ol>
 * <li>a body with {@code Event} is a v1 event callback;</li>
 * <li>a body with {@code UserId} but no {@code Event} is a v1 call status callback when it carries a
 *     {@code CallResult} or the command is a status word ({@code reject}, {@code normal_end}, ...),
 *     else a v1 event callback whose event the command word names;</li>
 * <li>otherwise a v4 command word (the query's {@code CallbackCommand}/{@code command}, else the
 *     body's {@code CallbackCommand}) names the v4 callback;</li>
 * <li>otherwise the v4 shape does: {@code CallRecord} end call, {@code ChangedUserList} member
 *     changed, {@code CallInfo} or {@code UserList} start call;</li>
 * <li>otherwise a body with a {@code CallResult} or a status command is a status callback, anything
 *     else a v1 event callback (and is then refused for what it lacks).</li>
 * </ol>
 */
final class Families {

    private Families() {
    }

    static CallbackFamily of(Fields body, String command) {
        boolean statusWord = EventNames.familyOfCommand(command).orElse(null) == CallbackFamily.V1_STATUS;
        if (body.has("Event")) {
            return CallbackFamily.V1_EVENT;
        }
        if (body.has("UserId")) {
            return hasResult(body) || statusWord ? CallbackFamily.V1_STATUS : CallbackFamily.V1_EVENT;
        }
        Optional<CallbackFamily> v4 = v4(command).or(() -> v4(bodyCommand(body)));
        if (v4.isPresent()) {
            return v4.get();
        }
        if (body.has("CallRecord")) {
            return CallbackFamily.V4_END_CALL;
        }
        if (body.has("ChangedUserList")) {
            return CallbackFamily.V4_MEMBER_CHANGED;
        }
        if (body.has("CallInfo") || body.has("UserList")) {
            return CallbackFamily.V4_START_CALL;
        }
        return hasResult(body) || statusWord ? CallbackFamily.V1_STATUS : CallbackFamily.V1_EVENT;
    }

    private static Optional<CallbackFamily> v4(String command) {
        return EventNames.familyOfCommand(command).filter(Families::isV4);
    }

    static boolean isV4(CallbackFamily family) {
        return family == CallbackFamily.V4_START_CALL || family == CallbackFamily.V4_END_CALL
                || family == CallbackFamily.V4_MEMBER_CHANGED;
    }

    private static String bodyCommand(Fields body) {
        JsonNode v = body.peek("CallbackCommand");
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static boolean hasResult(Fields body) {
        JsonNode v = body.peek("CallResult");
        return v != null && !(v.isTextual() && v.asText().isBlank());
    }
}

package io.callstream.deploy.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.deploy.traffic.CallStory.Moment;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the callbacks one callback family sends for a {@link CallStory}, moment by moment: the
 * v1 event callbacks, the v1 status callback or the v4 callbacks. One writer per call.
 */
interface FamilyWriter {

    /** The callbacks this family sends for {@code m}; {@code after} is who is in the call after it. */
    List<WebhookRequest> moment(Moment m, Roster after);

    /** The callbacks this family sends once the call is over. */
    List<WebhookRequest> end(Roster after);

    /** v1 {@code optplatform} values (callkit-callbacks.md section 1). */
    List<String> V1_PLATFORMS = List.of("iOS", "Android", "Web", "miniProgram");
    /** v4 {@code OptPlatform} values (callkit-v4-and-records.md section 2, the Chat list). */
    List<String> V4_PLATFORMS = List.of("iOS", "Android", "Web", "Windows", "macOS", "iPad", "RESTAPI", "Unknown");

    /** A private-range client address, as {@code clientip}/{@code ClientIP} carry it. */
    static String clientIp(Random random) {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    /** The body as TUICallKit sends it: a JSON object of the fields in order. */
    static String json(Map<String, Object> body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook body: " + e.getMessage(), e);
        }
    }

    /** Holder of the shared, thread-safe mapper. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }
    }
}

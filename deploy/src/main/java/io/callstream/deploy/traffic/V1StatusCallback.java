package io.callstream.deploy.traffic;

import io.callstream.avro.CallbackFamily;
import io.callstream.deploy.traffic.CallStory.Moment;
import io.callstream.deploy.traffic.CallStory.Result;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The v1 call status callback (callkit-v4-and-records.md section 3): one per call, after it ended,
 * from the caller's side; no {@code Event}, the {@code CallResult} as command word and in the body
 * ({@code normal_end}, {@code not_answer}, {@code reject}, {@code call_busy}, {@code cancel},
 * {@code interrupt}); {@code StartCallTs}/{@code AcceptTs}/{@code EndTs} only on {@code normal_end},
 * as documented. A group call that nobody answered gets none: the docs say group calls only ever
 * report {@code normal_end}, which would claim an answer that never happened.
 */
final class V1StatusCallback implements FamilyWriter {

    private final CallStory story;
    private final Random random;

    V1StatusCallback(CallStory story, Random random) {
        this.story = story;
        this.random = random;
    }

    @Override
    public List<WebhookRequest> moment(Moment m, Roster after) {
        return List.of();
    }

    @Override
    public List<WebhookRequest> end(Roster r) {
        CallStory.Ending end = story.ending();
        if (story.group() && end.result() != Result.NORMAL_END) {
            return List.of();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("UserId", story.caller());
        body.put("RoomId", story.roomId());
        body.put("TotalNum", r.totalNum());
        body.put("MediaType", story.video() ? "video" : "audio");
        body.put("CallType", story.group() ? "group" : "single");
        body.put("CallId", story.callId());
        body.put("Role", "caller");
        body.put("CallResult", end.result().v1());
        body.put("EventTime", end.endSecond());
        if (end.result() == Result.NORMAL_END) {
            body.put("StartCallTs", story.startSecond());
            body.put("AcceptTs", end.acceptSecond());
            body.put("EndTs", end.endSecond());
        }
        return List.of(new WebhookRequest(story.callId(), CallbackFamily.V1_STATUS, end.result().v1(), end.result().v1(),
                V1_PLATFORMS.get(random.nextInt(V1_PLATFORMS.size())), FamilyWriter.clientIp(random),
                FamilyWriter.json(body)));
    }
}

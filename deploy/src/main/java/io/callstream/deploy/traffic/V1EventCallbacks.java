package io.callstream.deploy.traffic;

import io.callstream.avro.CallbackFamily;
import io.callstream.deploy.traffic.CallStory.Moment;
import io.callstream.deploy.traffic.CallStory.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The v1 event callbacks of both sides of a call (callkit-callbacks.md section 1): {@code start_call},
 * {@code receive_call}, {@code accept_call} and the caller's {@code call_accepted}, ..., {@code call_end}
 * with {@code CallResult normal_end}, {@code StartCallTs}, {@code AcceptTs}, {@code EndTs}; times in
 * seconds; the command word {@code caller_<event>}/{@code callee_<event>}, {@code normal_end} for a
 * normal end, {@code invite_user} and {@code join_in_group_call} as they are.
 */
final class V1EventCallbacks implements FamilyWriter {

    private final CallStory story;
    private final Random random;

    V1EventCallbacks(CallStory story, Random random) {
        this.story = story;
        this.random = random;
    }

    @Override
    public List<WebhookRequest> moment(Moment m, Roster r) {
        List<WebhookRequest> out = new ArrayList<>();
        long t = m.second();
        boolean single = !story.group();
        switch (m.action()) {
            case START -> out.add(send(r, story.caller(), "start_call", "", t));
            case RING -> m.users().forEach(u -> out.add(send(r, u, "receive_call", "", t)));
            case ANSWER -> {
                m.users().forEach(u -> out.add(send(r, u, "accept_call", "", t)));
                if (single) {
                    out.add(send(r, story.caller(), "call_accepted", "", t));
                }
            }
            case NOT_ANSWER -> {
                m.users().forEach(u -> out.add(send(r, u, "not_answer_call", single ? "not_answer" : "", t)));
                if (single) {
                    out.add(send(r, story.caller(), "call_missed", "not_answer", t));
                }
            }
            case REJECT -> {
                m.users().forEach(u -> out.add(send(r, u, "reject_call", single ? "reject" : "", t)));
                if (single) {
                    out.add(send(r, story.caller(), "call_rejected", "reject", t));
                }
            }
            // the busy callee's app never rang: only the caller reports
            case BUSY -> out.add(send(r, story.caller(), "call_busy", "call_busy", t));
            case CANCEL -> {
                out.add(send(r, story.caller(), "cancel_call", "cancel", t));
                m.users().forEach(u -> out.add(send(r, u, "call_canceled", "cancel", t)));
            }
            // v1 has no event for one withdrawn invitation (call_canceled cancels the whole call): nothing is sent
            case CANCEL_INVITE -> {
            }
            case INVITE -> m.users().forEach(u -> out.add(send(r, u, "invite_user", "", t)));
            case JOIN -> m.users().forEach(u -> out.add(send(r, u, "join_in_group_call", "", t)));
            case HANG_UP -> m.users().forEach(u -> out.add(send(r, u, "call_end", "normal_end", t)));
            // the dropped user's app cannot report; whoever is left sees the call break off
            case OFFLINE -> r.calling().forEach(u -> out.add(send(r, u, "call_interrupted", "interrupt", t)));
            default -> throw new IllegalArgumentException(m.action().name());
        }
        return out;
    }

    /** After a normal end everyone still in the call reports {@code call_end}; other ends were reported as they happened. */
    @Override
    public List<WebhookRequest> end(Roster r) {
        List<WebhookRequest> out = new ArrayList<>();
        if (story.ending().result() == Result.NORMAL_END) {
            r.calling().forEach(u -> out.add(send(r, u, "call_end", "normal_end", story.ending().endSecond())));
        }
        return out;
    }

    private WebhookRequest send(Roster r, String user, String event, String result, long time) {
        String role = r.isCaller(user) ? "caller" : "callee";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("UserId", user);
        body.put("RoomId", story.roomId());
        body.put("TotalNum", r.totalNum());
        body.put("MediaType", story.video() ? "video" : "audio");
        body.put("CallType", story.group() ? "group" : "single");
        body.put("CallId", story.callId());
        body.put("Role", role);
        body.put("Event", event);
        body.put("CallResult", result);
        body.put("EventTime", time);
        body.put("StartCallTs", story.startSecond());
        if ("normal_end".equals(result)) {
            body.put("AcceptTs", story.ending().acceptSecond());
            body.put("EndTs", time);
        }
        String command = switch (event) {
            case "call_end" -> "normal_end";
            case "invite_user", "join_in_group_call" -> event;
            default -> role + "_" + event;
        };
        return new WebhookRequest(story.callId(), CallbackFamily.V1_EVENT, event, command,
                V1_PLATFORMS.get(random.nextInt(V1_PLATFORMS.size())), FamilyWriter.clientIp(random),
                FamilyWriter.json(body));
    }
}

package io.callstream.deploy.traffic;

import io.callstream.avro.CallbackFamily;
import io.callstream.deploy.traffic.CallStory.Moment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The v4 callbacks of a call (callkit-v4-and-records.md section 2): {@code Call.CallbackAfterStartCall}
 * (caller {@code Calling}, callees {@code Waiting}), {@code Call.CallbackAfterMemberChanged} per change
 * (one entry per user in {@code ChangedUserList}, the {@code UserList} after it), and
 * {@code Call.CallbackAfterEndCall} with the {@code CallRecord}, whose {@code CalleeList_Account} lists
 * the caller first, as the docs' samples do. {@code EventTime} in milliseconds, record times in
 * seconds ({@code AcceptTime} 0 when nobody answered). {@code ActionType} in every spelling the docs
 * use ({@code Answer}/{@code Accept}, {@code Hangup}/{@code Hang Up}, {@code Invite}/{@code Invited},
 * {@code Cancel_Invite}/{@code Canncel_Invite}); all-digit accounts as bare numbers when the story says so.
 */
final class V4Callbacks implements FamilyWriter {

    static final String START_CALL = "Call.CallbackAfterStartCall";
    static final String MEMBER_CHANGED = "Call.CallbackAfterMemberChanged";
    static final String END_CALL = "Call.CallbackAfterEndCall";

    private final CallStory story;
    private final Random random;

    V4Callbacks(CallStory story, Random random) {
        this.story = story;
        this.random = random;
    }

    @Override
    public List<WebhookRequest> moment(Moment m, Roster r) {
        return switch (m.action()) {
            case START -> List.of(startCall(m, r));
            // a ring, a busy line and a cancel by the caller have no member change; the end record tells them
            case RING, BUSY, CANCEL -> List.of();
            case ANSWER -> List.of(memberChanged(m, r, pick("Answer", "Accept")));
            case NOT_ANSWER -> List.of(memberChanged(m, r, "NotAnswer"));
            case REJECT -> List.of(memberChanged(m, r, "Reject"));
            case CANCEL_INVITE -> List.of(memberChanged(m, r, pick("Cancel_Invite", "Canncel_Invite")));
            case INVITE -> List.of(memberChanged(m, r, pick("Invite", "Invited")));
            case JOIN -> List.of(memberChanged(m, r, "Join"));
            case HANG_UP -> List.of(memberChanged(m, r, pick("Hangup", "Hang Up")));
            case OFFLINE -> List.of(memberChanged(m, r, "Offline"));
        };
    }

    @Override
    public List<WebhookRequest> end(Roster r) {
        CallStory.Ending end = story.ending();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("CallId", story.callId());
        record.put("Caller_Account", account(story.caller()));
        record.put("MediaType", mediaType());
        record.put("CallType", story.group() ? "MultiCall" : "SingleCall");
        record.put("StartTime", story.startSecond());
        record.put("EndTime", end.endSecond());
        record.put("AcceptTime", end.acceptSecond() == null ? 0L : end.acceptSecond());
        record.put("CallResult", end.result().v4());
        List<Object> members = new ArrayList<>();
        members.add(account(story.caller()));
        r.callees().forEach(u -> members.add(account(u)));
        record.put("CalleeList_Account", members);
        record.put("RoomId", story.roomId());
        record.put("RoomIdType", 2);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("CallbackCommand", END_CALL);
        body.put("CallRecord", record);
        body.put("EventTime", end.endSecond() * 1000 + end.reportMillis());
        return List.of(request(CallbackFamily.V4_END_CALL, "EndCall:" + end.result().v4(), END_CALL, body));
    }

    private WebhookRequest startCall(Moment m, Roster r) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("CallId", story.callId());
        info.put("CallMediaType", mediaType());
        info.put("ChatGroupId", story.group() ? "@TGS#2" + Integer.toUnsignedString(story.callId().hashCode()) : "");
        info.put("RoomId", story.roomId());
        info.put("RoomIdType", 2);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("CallbackCommand", START_CALL);
        body.put("CallInfo", info);
        body.put("UserList", userList(r));
        body.put("EventTime", m.epochMillis());
        return request(CallbackFamily.V4_START_CALL, "StartCall", START_CALL, body);
    }

    private WebhookRequest memberChanged(Moment m, Roster r, String actionType) {
        List<Map<String, Object>> changed = new ArrayList<>();
        for (String u : m.users()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("User_Account", account(u));
            c.put("ActionType", actionType);
            changed.add(c);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("CallbackCommand", MEMBER_CHANGED);
        body.put("CallId", story.callId());
        body.put("UserList", userList(r));
        body.put("ChangedUserList", changed);
        body.put("EventTime", m.epochMillis());
        return request(CallbackFamily.V4_MEMBER_CHANGED, "MemberChanged:" + actionType, MEMBER_CHANGED, body);
    }

    /** Who is in the call ({@code Calling}) and whose invitation still rings ({@code Waiting}). */
    private List<Map<String, Object>> userList(Roster r) {
        List<Map<String, Object>> users = new ArrayList<>();
        r.calling().forEach(u -> users.add(user(u, "Calling")));
        r.waiting().forEach(u -> users.add(user(u, "Waiting")));
        return users;
    }

    private Map<String, Object> user(String account, String status) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("User_Account", account(account));
        u.put("Status", status);
        return u;
    }

    /** An all-digit account as a bare JSON number (the docs' samples), when this call writes them so. */
    private Object account(String user) {
        return story.numericAccounts() && user.chars().allMatch(Character::isDigit) ? Long.valueOf(user) : user;
    }

    private String mediaType() {
        return story.video() ? "Video" : "Audio";
    }

    private String pick(String a, String b) {
        return random.nextBoolean() ? a : b;
    }

    private WebhookRequest request(CallbackFamily family, String event, String command, Map<String, Object> body) {
        return new WebhookRequest(story.callId(), family, event, command,
                V4_PLATFORMS.get(random.nextInt(V4_PLATFORMS.size())), FamilyWriter.clientIp(random),
                FamilyWriter.json(body));
    }
}

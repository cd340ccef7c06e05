package io.callstream.ingest.mapping;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.CallUser;
import io.callstream.avro.CallbackFamily;
import io.callstream.avro.MediaType;
import io.callstream.avro.MemberChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroMissingFieldException;

/**
 * The fields of a {@link CallEvent} as the mapping fills them, with the setters of
 * {@code CallEvent.Builder}, made into the record by its all-args constructor. Avro's generated
 * builder allocates its field arrays per record and looks up the schema default of every field not
 * set (a dozen per callback) in {@link #build}; this does neither. Fields not set are null, which is
 * every optional field's default; a required field not set fails {@link #build} as the builder's
 * would ({@link AvroMissingFieldException}).
 */
final class EventDraft {
    private String eventId;
    private Long sdkAppId;
    private String callId;
    private String roomId;
    private String userId;
    private CallRole role;
    private CallEventType event;
    private String command;
    private CallType callType;
    private MediaType mediaType;
    private Integer totalNum;
    private String callResult;
    private Instant eventTime;
    private Instant startCallTime;
    private Instant acceptTime;
    private Instant endTime;
    private String platform;
    private String clientIp;
    private Instant receivedAt;
    private Map<String, String> extra;
    private CallbackFamily family;
    private CallResult result;
    private String callerId;
    private List<String> calleeIds;
    private List<CallUser> users;
    private List<MemberChange> changedUsers;
    private Integer roomIdType;
    private String chatGroupId;

    EventDraft setEventId(String value) {
        this.eventId = value;
        return this;
    }

    EventDraft setSdkAppId(Long value) {
        this.sdkAppId = value;
        return this;
    }

    EventDraft setCallId(String value) {
        this.callId = value;
        return this;
    }

    EventDraft setRoomId(String value) {
        this.roomId = value;
        return this;
    }

    EventDraft setUserId(String value) {
        this.userId = value;
        return this;
    }

    EventDraft setRole(CallRole value) {
        this.role = value;
        return this;
    }

    EventDraft setEvent(CallEventType value) {
        this.event = value;
        return this;
    }

    EventDraft setCommand(String value) {
        this.command = value;
        return this;
    }

    EventDraft setCallType(CallType value) {
        this.callType = value;
        return this;
    }

    EventDraft setMediaType(MediaType value) {
        this.mediaType = value;
        return this;
    }

    EventDraft setTotalNum(Integer value) {
        this.totalNum = value;
        return this;
    }

    EventDraft setCallResult(String value) {
        this.callResult = value;
        return this;
    }

    EventDraft setEventTime(Instant value) {
        this.eventTime = value;
        return this;
    }

    EventDraft setStartCallTime(Instant value) {
        this.startCallTime = value;
        return this;
    }

    EventDraft setAcceptTime(Instant value) {
        this.acceptTime = value;
        return this;
    }

    EventDraft setEndTime(Instant value) {
        this.endTime = value;
        return this;
    }

    EventDraft setPlatform(String value) {
        this.platform = value;
        return this;
    }

    EventDraft setClientIp(String value) {
        this.clientIp = value;
        return this;
    }

    EventDraft setReceivedAt(Instant value) {
        this.receivedAt = value;
        return this;
    }

    EventDraft setExtra(Map<String, String> value) {
        this.extra = value;
        return this;
    }

    EventDraft setFamily(CallbackFamily value) {
        this.family = value;
        return this;
    }

    EventDraft setResult(CallResult value) {
        this.result = value;
        return this;
    }

    EventDraft setCallerId(String value) {
        this.callerId = value;
        return this;
    }

    EventDraft setCalleeIds(List<String> value) {
        this.calleeIds = value;
        return this;
    }

    EventDraft setUsers(List<CallUser> value) {
        this.users = value;
        return this;
    }

    EventDraft setChangedUsers(List<MemberChange> value) {
        this.changedUsers = value;
        return this;
    }

    EventDraft setRoomIdType(Integer value) {
        this.roomIdType = value;
        return this;
    }

    EventDraft setChatGroupId(String value) {
        this.chatGroupId = value;
        return this;
    }

    String getCommand() {
        return command;
    }

    CallEvent build() {
        require(eventId, "eventId");
        require(sdkAppId, "sdkAppId");
        require(callId, "callId");
        require(userId, "userId");
        require(role, "role");
        require(event, "event");
        require(callType, "callType");
        require(mediaType, "mediaType");
        require(eventTime, "eventTime");
        require(receivedAt, "receivedAt");
        require(extra, "extra");
        return new CallEvent(eventId, sdkAppId, callId, roomId, userId, role, event, command, callType, mediaType, totalNum, callResult, eventTime, startCallTime, acceptTime, endTime, platform, clientIp, receivedAt, extra, family, result, callerId, calleeIds, users, changedUsers, roomIdType, chatGroupId);
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new AvroMissingFieldException("Field " + field + " not set and has no default value",
                    CallEvent.getClassSchema().getField(field));
        }
    }
}

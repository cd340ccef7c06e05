package io.callstream.callbacks.delivery;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import java.time.Instant;
import java.util.Map;

/** Shared CallEvent fixtures for callbacks tests (app 1400000001, a 1:1 audio call). */
public final class CallEvents {

    public static final long APP = 1400000001L;

    static {
        io.callstream.schemas.AvroTrust.install();
    }

    private CallEvents() {
    }

    public static CallEvent event(String callId, String userId, CallRole role, CallEventType type, long eventSeconds) {
        return event(APP, callId, userId, role, type, eventSeconds);
    }

    public static CallEvent event(long app, String callId, String userId, CallRole role, CallEventType type, long eventSeconds) {
        return CallEvent.newBuilder()
                .setEventId(callId + ":" + userId + ":" + type + ":" + eventSeconds)
                .setSdkAppId(app).setCallId(callId).setRoomId("room-" + callId).setUserId(userId)
                .setRole(role).setEvent(type).setCommand(null)
                .setCallType(CallType.SINGLE).setMediaType(MediaType.AUDIO).setTotalNum(2).setCallResult("")
                .setEventTime(Instant.ofEpochSecond(eventSeconds))
                .setPlatform("iOS").setClientIp("127.0.0.1")
                .setReceivedAt(Instant.ofEpochSecond(eventSeconds + 1))
                .setExtra(Map.of())
                .build();
    }
}

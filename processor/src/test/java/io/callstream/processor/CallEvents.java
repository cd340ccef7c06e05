package io.callstream.processor;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import java.time.Instant;
import java.util.Map;

/** Test fixtures: call events as ingest writes them. */
public final class CallEvents {

    public static final long SDK_APP_ID = 1400000001L;
    /**
     * Call start: whole seconds (webhook precision), an hour before the test run. Close to now on
     * purpose: output records carry event time, and a broker deletes records older than the
     * topic's retention (7 days by default), which would make old-dated outputs vanish in ITs.
     */
    public static final long T0 = (System.currentTimeMillis() / 1000 - 3600) * 1000;

    static {
        // copying a record (CallEvent.newBuilder(e)) makes Avro check that its classes are trusted
        io.callstream.schemas.AvroTrust.install();
    }

    private CallEvents() {
    }

    public static long at(int seconds) {
        return T0 + seconds * 1000L;
    }

    public static CallEvent caller(String callId, String userId, CallEventType type, int second) {
        return event(callId, userId, CallRole.CALLER, type, CallType.SINGLE, second);
    }

    public static CallEvent callee(String callId, String userId, CallEventType type, int second) {
        return event(callId, userId, CallRole.CALLEE, type, CallType.SINGLE, second);
    }

    /** {@code e} as sent by another SDKAppID (ingest's eventId covers the SDKAppID, so it differs too). */
    public static CallEvent forApp(long sdkAppId, CallEvent e) {
        return CallEvent.newBuilder(e).setSdkAppId(sdkAppId).setEventId(sdkAppId + ":" + e.getEventId()).build();
    }

    /**
     * {@code e} as the v1 event callback sends it at the end of an answered call: {@code CallResult}
     * {@code normal_end} with {@code StartCallTs}, {@code AcceptTs} and {@code EndTs}.
     */
    public static CallEvent normalEnd(CallEvent e, int startSecond, int acceptSecond, int endSecond) {
        return CallEvent.newBuilder(e).setCallResult("normal_end").setResult(CallResult.NORMAL_END)
                .setStartCallTime(Instant.ofEpochMilli(at(startSecond)))
                .setAcceptTime(Instant.ofEpochMilli(at(acceptSecond)))
                .setEndTime(Instant.ofEpochMilli(at(endSecond))).build();
    }

    public static CallEvent event(String callId, String userId, CallRole role, CallEventType type, CallType callType,
                                  int second) {
        return CallEvent.newBuilder()
                .setEventId(callId + ":" + userId + ":" + type + ":" + second)
                .setSdkAppId(SDK_APP_ID)
                .setCallId(callId)
                .setRoomId("room-" + callId)
                .setUserId(userId)
                .setRole(role)
                .setEvent(type)
                .setCommand((role == CallRole.CALLER ? "caller_" : "callee_") + type.name().toLowerCase())
                .setCallType(callType)
                .setMediaType(MediaType.AUDIO)
                .setTotalNum(callType == CallType.GROUP ? 3 : 2)
                .setCallResult(null)
                .setEventTime(Instant.ofEpochMilli(at(second)))
                .setReceivedAt(Instant.ofEpochMilli(at(second) + 50))
                .setExtra(Map.of())
                .build();
    }
}

package io.callstream.schemas.serde;

import static io.callstream.schemas.serde.AvroCoding.readEnum;
import static io.callstream.schemas.serde.AvroCoding.readInstant;
import static io.callstream.schemas.serde.AvroCoding.readOptionalArray;
import static io.callstream.schemas.serde.AvroCoding.readOptionalEnum;
import static io.callstream.schemas.serde.AvroCoding.readOptionalInstant;
import static io.callstream.schemas.serde.AvroCoding.readOptionalInt;
import static io.callstream.schemas.serde.AvroCoding.readOptionalString;
import static io.callstream.schemas.serde.AvroCoding.readStringMap;
import static io.callstream.schemas.serde.AvroCoding.writeEnum;
import static io.callstream.schemas.serde.AvroCoding.writeInstant;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalArray;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalEnum;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalInstant;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalInt;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalString;
import static io.callstream.schemas.serde.AvroCoding.writeString;
import static io.callstream.schemas.serde.AvroCoding.writeStringMap;

import io.callstream.avro.CallEvent;
import io.callstream.avro.CallEventType;
import io.callstream.avro.CallResult;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.CallUser;
import io.callstream.avro.CallUserStatus;
import io.callstream.avro.CallbackFamily;
import io.callstream.avro.MediaType;
import io.callstream.avro.MemberAction;
import io.callstream.avro.MemberChange;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** {@link CallEvent} (with its {@link CallUser}s and {@link MemberChange}s) field by field, in CallEvent.avsc's order. */
final class CallEventCoder implements RecordCoder<CallEvent> {

    private static final CallRole[] ROLES = CallRole.values();
    private static final CallEventType[] EVENTS = CallEventType.values();
    private static final CallType[] CALL_TYPES = CallType.values();
    private static final MediaType[] MEDIA_TYPES = MediaType.values();
    private static final CallbackFamily[] FAMILIES = CallbackFamily.values();
    private static final CallResult[] RESULTS = CallResult.values();
    private static final CallUserStatus[] USER_STATUSES = CallUserStatus.values();
    private static final MemberAction[] ACTIONS = MemberAction.values();

    @Override
    public Class<CallEvent> type() {
        return CallEvent.class;
    }

    @Override
    public Schema schema() {
        return CallEvent.getClassSchema();
    }

    @Override
    public void write(CallEvent e, Encoder out) throws IOException {
        writeString(e.getEventId(), "CallEvent.eventId", out);
        out.writeLong(e.getSdkAppId());
        writeString(e.getCallId(), "CallEvent.callId", out);
        writeOptionalString(e.getRoomId(), out);
        writeString(e.getUserId(), "CallEvent.userId", out);
        writeEnum(e.getRole(), "CallEvent.role", out);
        writeEnum(e.getEvent(), "CallEvent.event", out);
        writeOptionalString(e.getCommand(), out);
        writeEnum(e.getCallType(), "CallEvent.callType", out);
        writeEnum(e.getMediaType(), "CallEvent.mediaType", out);
        writeOptionalInt(e.getTotalNum(), out);
        writeOptionalString(e.getCallResult(), out);
        writeInstant(e.getEventTime(), "CallEvent.eventTime", out);
        writeOptionalInstant(e.getStartCallTime(), out);
        writeOptionalInstant(e.getAcceptTime(), out);
        writeOptionalInstant(e.getEndTime(), out);
        writeOptionalString(e.getPlatform(), out);
        writeOptionalString(e.getClientIp(), out);
        writeInstant(e.getReceivedAt(), "CallEvent.receivedAt", out);
        writeStringMap(e.getExtra(), "CallEvent.extra", out);
        writeOptionalEnum(e.getFamily(), out);
        writeOptionalEnum(e.getResult(), out);
        writeOptionalString(e.getCallerId(), out);
        writeOptionalArray(e.getCalleeIds(), "CallEvent.calleeIds",
                (id, o) -> o.writeString(id), out);
        writeOptionalArray(e.getUsers(), "CallEvent.users", CallEventCoder::writeUser, out);
        writeOptionalArray(e.getChangedUsers(), "CallEvent.changedUsers", CallEventCoder::writeChange, out);
        writeOptionalInt(e.getRoomIdType(), out);
        writeOptionalString(e.getChatGroupId(), out);
    }

    private static void writeUser(CallUser u, Encoder out) throws IOException {
        writeString(u.getUserId(), "CallUser.userId", out);
        writeEnum(u.getStatus(), "CallUser.status", out);
        writeOptionalString(u.getRawStatus(), out);
    }

    private static void writeChange(MemberChange c, Encoder out) throws IOException {
        writeString(c.getUserId(), "MemberChange.userId", out);
        writeEnum(c.getAction(), "MemberChange.action", out);
        writeOptionalString(c.getRawAction(), out);
    }

    @Override
    public CallEvent read(Decoder in) throws IOException {
        CallEvent e = new CallEvent();
        e.setEventId(in.readString());
        e.setSdkAppId(in.readLong());
        e.setCallId(in.readString());
        e.setRoomId(readOptionalString(in));
        e.setUserId(in.readString());
        e.setRole(readEnum(ROLES, in));
        e.setEvent(readEnum(EVENTS, in));
        e.setCommand(readOptionalString(in));
        e.setCallType(readEnum(CALL_TYPES, in));
        e.setMediaType(readEnum(MEDIA_TYPES, in));
        e.setTotalNum(readOptionalInt(in));
        e.setCallResult(readOptionalString(in));
        e.setEventTime(readInstant(in));
        e.setStartCallTime(readOptionalInstant(in));
        e.setAcceptTime(readOptionalInstant(in));
        e.setEndTime(readOptionalInstant(in));
        e.setPlatform(readOptionalString(in));
        e.setClientIp(readOptionalString(in));
        e.setReceivedAt(readInstant(in));
        e.setExtra(readStringMap(in));
        e.setFamily(readOptionalEnum(FAMILIES, in));
        e.setResult(readOptionalEnum(RESULTS, in));
        e.setCallerId(readOptionalString(in));
        e.setCalleeIds(readOptionalArray(Decoder::readString, in));
        e.setUsers(readOptionalArray(CallEventCoder::readUser, in));
        e.setChangedUsers(readOptionalArray(CallEventCoder::readChange, in));
        e.setRoomIdType(readOptionalInt(in));
        e.setChatGroupId(readOptionalString(in));
        return e;
    }

    private static CallUser readUser(Decoder in) throws IOException {
        CallUser u = new CallUser();
        u.setUserId(in.readString());
        u.setStatus(readEnum(USER_STATUSES, in));
        u.setRawStatus(readOptionalString(in));
        return u;
    }

    private static MemberChange readChange(Decoder in) throws IOException {
        MemberChange c = new MemberChange();
        c.setUserId(in.readString());
        c.setAction(readEnum(ACTIONS, in));
        c.setRawAction(readOptionalString(in));
        return c;
    }
}

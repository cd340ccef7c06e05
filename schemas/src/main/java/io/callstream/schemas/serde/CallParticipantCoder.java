package io.callstream.schemas.serde;

import static io.callstream.schemas.serde.AvroCoding.readEnum;
import static io.callstream.schemas.serde.AvroCoding.readInstant;
import static io.callstream.schemas.serde.AvroCoding.readOptionalInstant;
import static io.callstream.schemas.serde.AvroCoding.writeEnum;
import static io.callstream.schemas.serde.AvroCoding.writeInstant;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalInstant;
import static io.callstream.schemas.serde.AvroCoding.writeString;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallParticipant;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.avro.ParticipantOutcome;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** {@link CallParticipant} field by field, in CallParticipant.avsc's order. */
final class CallParticipantCoder implements RecordCoder<CallParticipant> {

    private static final CallRole[] ROLES = CallRole.values();
    private static final ParticipantOutcome[] PARTICIPANT_OUTCOMES = ParticipantOutcome.values();
    private static final CallType[] CALL_TYPES = CallType.values();
    private static final MediaType[] MEDIA_TYPES = MediaType.values();
    private static final CallOutcome[] OUTCOMES = CallOutcome.values();

    @Override
    public Class<CallParticipant> type() {
        return CallParticipant.class;
    }

    @Override
    public Schema schema() {
        return CallParticipant.getClassSchema();
    }

    @Override
    public void write(CallParticipant p, Encoder out) throws IOException {
        out.writeLong(p.getSdkAppId());
        writeString(p.getCallId(), "CallParticipant.callId", out);
        writeString(p.getUserId(), "CallParticipant.userId", out);
        writeEnum(p.getRole(), "CallParticipant.role", out);
        writeEnum(p.getOutcome(), "CallParticipant.outcome", out);
        writeOptionalInstant(p.getJoinedAt(), out);
        writeOptionalInstant(p.getLeftAt(), out);
        writeEnum(p.getCallType(), "CallParticipant.callType", out);
        writeEnum(p.getMediaType(), "CallParticipant.mediaType", out);
        writeEnum(p.getCallOutcome(), "CallParticipant.callOutcome", out);
        writeInstant(p.getCallStartedAt(), "CallParticipant.callStartedAt", out);
        writeOptionalInstant(p.getCallAnsweredAt(), out);
        writeInstant(p.getCallEndedAt(), "CallParticipant.callEndedAt", out);
        out.writeInt(p.getRevision());
    }

    @Override
    public CallParticipant read(Decoder in) throws IOException {
        CallParticipant p = new CallParticipant();
        p.setSdkAppId(in.readLong());
        p.setCallId(in.readString());
        p.setUserId(in.readString());
        p.setRole(readEnum(ROLES, in));
        p.setOutcome(readEnum(PARTICIPANT_OUTCOMES, in));
        p.setJoinedAt(readOptionalInstant(in));
        p.setLeftAt(readOptionalInstant(in));
        p.setCallType(readEnum(CALL_TYPES, in));
        p.setMediaType(readEnum(MEDIA_TYPES, in));
        p.setCallOutcome(readEnum(OUTCOMES, in));
        p.setCallStartedAt(readInstant(in));
        p.setCallAnsweredAt(readOptionalInstant(in));
        p.setCallEndedAt(readInstant(in));
        p.setRevision(in.readInt());
        return p;
    }
}

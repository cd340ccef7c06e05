package io.callstream.schemas.serde;

import static io.callstream.schemas.serde.AvroCoding.readArray;
import static io.callstream.schemas.serde.AvroCoding.readEnum;
import static io.callstream.schemas.serde.AvroCoding.readInstant;
import static io.callstream.schemas.serde.AvroCoding.readOptionalInstant;
import static io.callstream.schemas.serde.AvroCoding.readOptionalLong;
import static io.callstream.schemas.serde.AvroCoding.readOptionalString;
import static io.callstream.schemas.serde.AvroCoding.writeArray;
import static io.callstream.schemas.serde.AvroCoding.writeEnum;
import static io.callstream.schemas.serde.AvroCoding.writeInstant;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalInstant;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalLong;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalString;
import static io.callstream.schemas.serde.AvroCoding.writeString;

import io.callstream.avro.CallOutcome;
import io.callstream.avro.CallRole;
import io.callstream.avro.CallSummary;
import io.callstream.avro.CallType;
import io.callstream.avro.ClosedBy;
import io.callstream.avro.MediaType;
import io.callstream.avro.Participant;
import io.callstream.avro.ParticipantOutcome;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** {@link CallSummary} (with its {@link Participant}s) field by field, in CallSummary.avsc's order. */
final class CallSummaryCoder implements RecordCoder<CallSummary> {

    private static final CallType[] CALL_TYPES = CallType.values();
    private static final MediaType[] MEDIA_TYPES = MediaType.values();
    private static final CallOutcome[] OUTCOMES = CallOutcome.values();
    private static final ClosedBy[] CLOSED_BY = ClosedBy.values();
    private static final CallRole[] ROLES = CallRole.values();
    private static final ParticipantOutcome[] PARTICIPANT_OUTCOMES = ParticipantOutcome.values();

    @Override
    public Class<CallSummary> type() {
        return CallSummary.class;
    }

    @Override
    public Schema schema() {
        return CallSummary.getClassSchema();
    }

    @Override
    public void write(CallSummary s, Encoder out) throws IOException {
        writeString(s.getCallId(), "CallSummary.callId", out);
        out.writeLong(s.getSdkAppId());
        writeOptionalString(s.getRoomId(), out);
        writeEnum(s.getCallType(), "CallSummary.callType", out);
        writeEnum(s.getMediaType(), "CallSummary.mediaType", out);
        writeOptionalString(s.getCallerId(), out);
        writeEnum(s.getOutcome(), "CallSummary.outcome", out);
        writeArray(s.getParticipants(), "CallSummary.participants", CallSummaryCoder::writeParticipant, out);
        writeInstant(s.getStartedAt(), "CallSummary.startedAt", out);
        writeOptionalInstant(s.getAnsweredAt(), out);
        writeInstant(s.getEndedAt(), "CallSummary.endedAt", out);
        writeOptionalLong(s.getRingDurationMs(), out);
        out.writeLong(s.getTalkDurationMs());
        out.writeInt(s.getEventCount());
        out.writeInt(s.getDuplicateCount());
        writeEnum(s.getClosedBy(), "CallSummary.closedBy", out);
        out.writeInt(s.getRevision());
    }

    private static void writeParticipant(Participant p, Encoder out) throws IOException {
        writeString(p.getUserId(), "Participant.userId", out);
        writeEnum(p.getRole(), "Participant.role", out);
        writeEnum(p.getOutcome(), "Participant.outcome", out);
        writeOptionalInstant(p.getJoinedAt(), out);
        writeOptionalInstant(p.getLeftAt(), out);
    }

    @Override
    public CallSummary read(Decoder in) throws IOException {
        CallSummary s = new CallSummary();
        s.setCallId(in.readString());
        s.setSdkAppId(in.readLong());
        s.setRoomId(readOptionalString(in));
        s.setCallType(readEnum(CALL_TYPES, in));
        s.setMediaType(readEnum(MEDIA_TYPES, in));
        s.setCallerId(readOptionalString(in));
        s.setOutcome(readEnum(OUTCOMES, in));
        s.setParticipants(readArray(CallSummaryCoder::readParticipant, in));
        s.setStartedAt(readInstant(in));
        s.setAnsweredAt(readOptionalInstant(in));
        s.setEndedAt(readInstant(in));
        s.setRingDurationMs(readOptionalLong(in));
        s.setTalkDurationMs(in.readLong());
        s.setEventCount(in.readInt());
        s.setDuplicateCount(in.readInt());
        s.setClosedBy(readEnum(CLOSED_BY, in));
        s.setRevision(in.readInt());
        return s;
    }

    private static Participant readParticipant(Decoder in) throws IOException {
        Participant p = new Participant();
        p.setUserId(in.readString());
        p.setRole(readEnum(ROLES, in));
        p.setOutcome(readEnum(PARTICIPANT_OUTCOMES, in));
        p.setJoinedAt(readOptionalInstant(in));
        p.setLeftAt(readOptionalInstant(in));
        return p;
    }
}

package io.callstream.schemas.serde;

import static io.callstream.schemas.serde.AvroCoding.readEnum;
import static io.callstream.schemas.serde.AvroCoding.readInstant;
import static io.callstream.schemas.serde.AvroCoding.readOptionalLong;
import static io.callstream.schemas.serde.AvroCoding.readOptionalString;
import static io.callstream.schemas.serde.AvroCoding.writeEnum;
import static io.callstream.schemas.serde.AvroCoding.writeInstant;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalLong;
import static io.callstream.schemas.serde.AvroCoding.writeOptionalString;
import static io.callstream.schemas.serde.AvroCoding.writeString;

import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import io.callstream.avro.MissedCallAlert;
import io.callstream.avro.MissedReason;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** {@link MissedCallAlert} field by field, in MissedCallAlert.avsc's order. */
final class MissedCallAlertCoder implements RecordCoder<MissedCallAlert> {

    private static final CallType[] CALL_TYPES = CallType.values();
    private static final MediaType[] MEDIA_TYPES = MediaType.values();
    private static final MissedReason[] REASONS = MissedReason.values();

    @Override
    public Class<MissedCallAlert> type() {
        return MissedCallAlert.class;
    }

    @Override
    public Schema schema() {
        return MissedCallAlert.getClassSchema();
    }

    @Override
    public void write(MissedCallAlert a, Encoder out) throws IOException {
        writeString(a.getAlertId(), "MissedCallAlert.alertId", out);
        out.writeLong(a.getSdkAppId());
        writeString(a.getCallId(), "MissedCallAlert.callId", out);
        writeString(a.getCalleeId(), "MissedCallAlert.calleeId", out);
        writeOptionalString(a.getCallerId(), out);
        writeEnum(a.getCallType(), "MissedCallAlert.callType", out);
        writeEnum(a.getMediaType(), "MissedCallAlert.mediaType", out);
        writeEnum(a.getReason(), "MissedCallAlert.reason", out);
        writeInstant(a.getCallStartedAt(), "MissedCallAlert.callStartedAt", out);
        writeInstant(a.getDetectedAt(), "MissedCallAlert.detectedAt", out);
        writeOptionalLong(a.getRingDurationMs(), out);
    }

    @Override
    public MissedCallAlert read(Decoder in) throws IOException {
        MissedCallAlert a = new MissedCallAlert();
        a.setAlertId(in.readString());
        a.setSdkAppId(in.readLong());
        a.setCallId(in.readString());
        a.setCalleeId(in.readString());
        a.setCallerId(readOptionalString(in));
        a.setCallType(readEnum(CALL_TYPES, in));
        a.setMediaType(readEnum(MEDIA_TYPES, in));
        a.setReason(readEnum(REASONS, in));
        a.setCallStartedAt(readInstant(in));
        a.setDetectedAt(readInstant(in));
        a.setRingDurationMs(readOptionalLong(in));
        return a;
    }
}

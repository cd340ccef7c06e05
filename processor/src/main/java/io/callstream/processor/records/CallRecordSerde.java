package io.callstream.processor.records;

import io.callstream.avro.CallResult;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The private binary form of a {@link CallRecord} in store {@value RecordsTopology#RECORDS_STORE} and its
 * changelog: a format byte, then the fields in a fixed order (strings as modified UTF-8 with a 2-byte
 * length, enums as the stable codes of {@link RecordCodes}). No registry: the state stays readable
 * without one, and a record of a 1:1 call takes about 100 bytes.
 */
public final class CallRecordSerde implements Serde<CallRecord> {

    private static final byte FORMAT_1 = 1;

    @Override
    public Serializer<CallRecord> serializer() {
        return (topic, r) -> r == null ? null : toBytes(r);
    }

    @Override
    public Deserializer<CallRecord> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    public static byte[] toBytes(CallRecord r) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeByte(FORMAT_1);
            out.writeLong(r.sdkAppId());
            out.writeUTF(r.callId());
            out.writeUTF(r.roomId());
            out.writeByte(RecordCodes.of(r.callType()));
            out.writeByte(RecordCodes.of(r.mediaType()));
            out.writeUTF(r.callerId());
            out.writeByte(RecordCodes.of(r.result()));
            out.writeShort(r.members().size());
            for (String m : r.members()) {
                out.writeUTF(m);
            }
            out.writeLong(r.startMs());
            out.writeLong(r.acceptMs());
            out.writeLong(r.endMs());
            out.writeInt(r.revision());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    public static CallRecord fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_1) {
                throw new SerializationException("unknown call-record format " + format);
            }
            long app = in.readLong();
            String callId = in.readUTF();
            String roomId = in.readUTF();
            CallType type = RecordCodes.callType(in.readByte());
            MediaType media = RecordCodes.mediaType(in.readByte());
            String caller = in.readUTF();
            CallResult result = RecordCodes.result(in.readByte());
            int n = in.readUnsignedShort();
            List<String> members = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                members.add(in.readUTF());
            }
            return new CallRecord(app, callId, roomId, type, media, caller, result, members, in.readLong(),
                    in.readLong(), in.readLong(), in.readInt());
        } catch (IOException e) {
            throw new SerializationException("truncated call record", e);
        }
    }
}

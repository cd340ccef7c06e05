package io.callstream.processor.records;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * The byte keys of the records stores, ordered so that RocksDB's byte order answers the queries:
 * <ul>
 *   <li>{@value RecordsTopology#RECORDS_STORE}: {@code sdkAppId (8 bytes, big-endian) · callId (UTF-8)}</li>
 *   <li>{@value RecordsTopology#INDEX_STORE}: {@code sdkAppId (8) · startMs (8, sign bit flipped) · callId
 *       (UTF-8)}, so one app's calls in a time range are one contiguous byte range, oldest first</li>
 * </ul>
 * The index value is two bytes: the result and call-type codes ({@link RecordCodes}), so a filter on
 * them needs no read of the record.
 */
public final class RecordKeys {

    private RecordKeys() {
    }

    public static Bytes record(long sdkAppId, String callId) {
        byte[] id = callId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(sdkAppId).put(id).array());
    }

    public static Bytes index(long sdkAppId, long startMs, String callId) {
        byte[] id = callId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(16 + id.length).putLong(sdkAppId).putLong(startMs ^ Long.MIN_VALUE)
                .put(id).array());
    }

    public static Bytes index(CallRecord r) {
        return index(r.sdkAppId(), r.startMs(), r.callId());
    }

    /** The first possible index key of {@code sdkAppId} at or after {@code startMs}. */
    public static Bytes indexFrom(long sdkAppId, long startMs) {
        return Bytes.wrap(ByteBuffer.allocate(16).putLong(sdkAppId).putLong(startMs ^ Long.MIN_VALUE).array());
    }

    public static byte[] indexValue(CallRecord r) {
        return new byte[] {RecordCodes.of(r.result()), RecordCodes.of(r.callType())};
    }

    public static long appOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong(0);
    }

    public static long startOf(Bytes indexKey) {
        return ByteBuffer.wrap(indexKey.get()).getLong(8) ^ Long.MIN_VALUE;
    }

    public static String callIdOf(Bytes indexKey) {
        byte[] k = indexKey.get();
        return new String(k, 16, k.length - 16, StandardCharsets.UTF_8);
    }

    /** The record key an index key points at. */
    public static Bytes recordOf(Bytes indexKey) {
        byte[] k = indexKey.get();
        return Bytes.wrap(ByteBuffer.allocate(k.length - 8).put(k, 0, 8).put(k, 16, k.length - 16).array());
    }
}

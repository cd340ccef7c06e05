package io.callstream.processor.records;

import io.callstream.avro.CallResult;
import io.callstream.avro.CallType;

/**
 * A filter query over one app's calls: started in {@code [fromMs, toMs]}, optionally of one result and one
 * call type; {@code limit} = how many of the first matches (in {@link Slice#ORDER}) each partition returns,
 * i.e. {@code page × numberPerPage}.
 *
 * @param result null for every result
 * @param type   null for every call type
 */
public record RecordFilter(long sdkAppId, long fromMs, long toMs, CallResult result, CallType type, int limit) {

    boolean matches(byte[] indexValue) {
        return (result == null || RecordCodes.result(indexValue[0]) == result)
                && (type == null || RecordCodes.callType(indexValue[1]) == type);
    }
}

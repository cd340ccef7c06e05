package io.callstream.processor.records;

import io.callstream.avro.CallResult;
import io.callstream.avro.CallType;
import io.callstream.avro.MediaType;

/**
 * Stable one-byte codes of the enums kept in the records stores (not Avro ordinals, which may change
 * when a schema evolves): a code once written must keep its meaning.
 */
final class RecordCodes {

    private static final CallResult[] RESULTS = {CallResult.UNKNOWN, CallResult.NORMAL_END, CallResult.CANCEL,
        CallResult.REJECT, CallResult.NOT_ANSWER, CallResult.CALL_BUSY, CallResult.INTERRUPT, CallResult.OFFLINE};
    private static final CallType[] TYPES = {CallType.UNKNOWN, CallType.SINGLE, CallType.GROUP};
    private static final MediaType[] MEDIA = {MediaType.UNKNOWN, MediaType.AUDIO, MediaType.VIDEO};

    private RecordCodes() {
    }

    static byte of(CallResult r) {
        return index(RESULTS, r);
    }

    static byte of(CallType t) {
        return index(TYPES, t);
    }

    static byte of(MediaType m) {
        return index(MEDIA, m);
    }

    static CallResult result(byte code) {
        return code >= 0 && code < RESULTS.length ? RESULTS[code] : CallResult.UNKNOWN;
    }

    static CallType callType(byte code) {
        return code >= 0 && code < TYPES.length ? TYPES[code] : CallType.UNKNOWN;
    }

    static MediaType mediaType(byte code) {
        return code >= 0 && code < MEDIA.length ? MEDIA[code] : MediaType.UNKNOWN;
    }

    private static <T> byte index(T[] values, T v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return (byte) i;
            }
        }
        return 0;
    }
}

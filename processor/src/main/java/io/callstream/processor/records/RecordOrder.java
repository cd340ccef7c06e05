package io.callstream.processor.records;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The one order of filter answers, on every instance: start time, then callId as UTF-8 bytes — the
 * order of the index keys of one app, so a partition's first matches are its index range's first
 * entries, and pages merged from several partitions are deterministic and stable.
 */
final class RecordOrder {

    static final Comparator<CallRecord> ORDER = Comparator.comparingLong(CallRecord::startMs)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.callId().getBytes(StandardCharsets.UTF_8),
                    b.callId().getBytes(StandardCharsets.UTF_8)));

    private RecordOrder() {
    }
}

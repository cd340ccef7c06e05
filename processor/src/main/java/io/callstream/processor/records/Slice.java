package io.callstream.processor.records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What one partition contributes to a filter answer: how many of its calls match, and the index
 * entries (start time, callId) of its first {@code limit} matches in {@link #ORDER} — keys only, so a deep
 * page costs a partition a range read, not a record read per entry; only the page's records are read.
 */
public record Slice(long total, List<Ref> first) {

    /** An index entry: a call of the filter's app, by start time and callId. */
    public record Ref(long startMs, String callId) {
    }

    /** A page's entry and the partition that holds its record. */
    public record Placed(int partition, Ref ref) {
    }

    /**
     * The one order of filter answers, on every instance: start time, then callId as UTF-8 bytes — the order
     * of one app's index keys, so a partition's first matches are its index range's first entries, and
     * pages merged from several partitions are deterministic and stable.
     */
    static final Comparator<Ref> ORDER = Comparator.comparingLong(Ref::startMs)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.callId().getBytes(StandardCharsets.UTF_8),
                    b.callId().getBytes(StandardCharsets.UTF_8)));

    /** The sum of every partition's matches. */
    public static long total(Map<Integer, Slice> slices) {
        return slices.values().stream().mapToLong(Slice::total).sum();
    }

    /** The entries of one page (pages count from 1) of the answer merged from every partition's slice. */
    public static List<Placed> page(Map<Integer, Slice> slices, int page, int perPage) {
        List<Placed> all = new ArrayList<>();
        slices.forEach((p, s) -> s.first().forEach(r -> all.add(new Placed(p, r))));
        all.sort(Comparator.comparing(Placed::ref, ORDER));
        long from = (long) (page - 1) * perPage;
        return from >= all.size() ? List.of()
                : List.copyOf(all.subList((int) from, (int) Math.min(all.size(), from + perPage)));
    }

    /** A page: the number of matches on every page, and this page's records. */
    public record Page(long total, List<CallRecord> records) {
    }
}

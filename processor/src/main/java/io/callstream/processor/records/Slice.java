package io.callstream.processor.records;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What one partition contributes to a filter answer: how many of its calls match, and the first
 * {@code limit} of them in {@link RecordOrder}.
 */
public record Slice(long total, List<CallRecord> first) {

    /** One page of the answer merged from every partition's slice (pages count from 1). */
    public static Page merge(Collection<Slice> slices, int page, int perPage) {
        long total = 0;
        List<CallRecord> all = new ArrayList<>();
        for (Slice s : slices) {
            total += s.total();
            all.addAll(s.first());
        }
        all.sort(RecordOrder.ORDER);
        long from = (long) (page - 1) * perPage;
        List<CallRecord> records = from >= all.size() ? List.of()
                : List.copyOf(all.subList((int) from, (int) Math.min(all.size(), from + perPage)));
        return new Page(total, records);
    }

    /** A page: the number of matches on every page, and this page's records. */
    public record Page(long total, List<CallRecord> records) {
    }
}

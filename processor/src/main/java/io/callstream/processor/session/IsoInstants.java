package io.callstream.processor.session;

import java.time.Instant;

/**
 * Appends an {@link Instant} exactly as {@link Instant#toString()} writes it, without its
 * {@code LocalDateTime} and formatter: the summary fingerprint ({@link SummaryBuilder#fingerprint}) is built
 * from this text once per decided event, and the stored fingerprints of existing sessions were made with
 * {@code toString()}, so the text must stay byte for byte the same. Fast for whole milliseconds from 1970
 * to 9999 (every summary timestamp); anything else goes through {@code toString()}.
 */
final class IsoInstants {

    private static final long MAX_MILLIS = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

    private IsoInstants() {
    }

    static StringBuilder append(StringBuilder sb, Instant t) {
        if (t == null) {
            return sb.append((Object) null);
        }
        long seconds = t.getEpochSecond();
        int nanos = t.getNano();
        if (seconds < 0 || seconds * 1000 + 999 > MAX_MILLIS || nanos % 1_000_000 != 0) {
            return sb.append(t);
        }
        long days = seconds / 86_400;
        int secondOfDay = (int) (seconds % 86_400);
        // civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian)
        long z = days + 719_468;
        long era = z / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        pad(sb, year, 4).append('-');
        pad(sb, month, 2).append('-');
        pad(sb, day, 2).append('T');
        pad(sb, secondOfDay / 3600, 2).append(':');
        pad(sb, secondOfDay / 60 % 60, 2).append(':');
        pad(sb, secondOfDay % 60, 2);
        if (nanos != 0) {
            pad(sb.append('.'), nanos / 1_000_000, 3);
        }
        return sb.append('Z');
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        for (int limit = 10, w = 1; w < width; w++, limit *= 10) {
            if (value < limit) {
                sb.append('0');
            }
        }
        return sb.append(value);
    }
}

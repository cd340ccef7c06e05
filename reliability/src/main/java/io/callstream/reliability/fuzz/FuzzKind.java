package io.callstream.reliability.fuzz;

import java.util.List;
import java.util.Random;

/**
 * What a fuzz request is: a valid webhook of the generator (in one of several valid shapes) or one
 * mutation of it. {@link #weight} is its share of the corpus; {@link #answered} is false only for
 * requests the client abandons on purpose (nobody can answer a request that never ends).
 */
public enum FuzzKind {
    VALID(300, true),
    VALID_CHARSET(20, true),
    VALID_NO_CONTENT_TYPE(20, true),
    VALID_CHUNKED(20, true),
    VALID_ODD_QUERY(30, true),
    VALID_EXTRA_HEADERS(20, true),
    VALID_AT_LIMIT(5, true),
    VALID_SLOW(4, true),
    TRUNCATED_JSON(40, true),
    BROKEN_JSON(40, true),
    DEEP_NESTING(10, true),
    BIG_STRING(5, true),
    WRONG_TYPE(60, true),
    EXTREME_NUMBER(40, true),
    INVALID_UTF8(30, true),
    DUPLICATE_KEYS(20, true),
    NOT_AN_OBJECT(10, true),
    EMPTY_BODY(10, true),
    BAD_PERCENT_ENCODING(20, true),
    REPEATED_PARAMETERS(15, true),
    HUGE_PARAMETER(8, true),
    UNKNOWN_SDKAPPID(10, true),
    ODD_CONTENT_TYPE(25, true),
    ODD_HEADERS(20, true),
    BAD_FRAMING(15, true),
    WRONG_METHOD_OR_PATH(10, true),
    OVER_LIMIT(5, true),
    WAY_OVER_LIMIT(1, true),
    SLOW_MUTATION(2, true),
    ABORT_MID_BODY(10, false),
    ABORT_MID_HEADERS(5, false);

    private final int weight;
    private final boolean answered;

    FuzzKind(int weight, boolean answered) {
        this.weight = weight;
        this.answered = answered;
    }

    /** Whether the request is sent whole, so that it must get an answer. */
    public boolean answered() {
        return answered;
    }

    /** Valid webhooks: each must be written to call-events (200), or refused with 503 for a retry. */
    public boolean valid() {
        return name().startsWith("VALID");
    }

    private static final List<FuzzKind> ALL = List.of(values());
    private static final int TOTAL = ALL.stream().mapToInt(k -> k.weight).sum();

    /** A kind drawn by weight. */
    public static FuzzKind draw(Random random) {
        int r = random.nextInt(TOTAL);
        for (FuzzKind k : ALL) {
            r -= k.weight;
            if (r < 0) {
                return k;
            }
        }
        return VALID;
    }
}

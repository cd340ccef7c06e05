package io.callstream.processor.records;

/**
 * A query could not be answered completely within {@code records.query.retry.timeout}: a partition is
 * rebalancing or restoring, or its owner is unreachable. The API answers "internal error, retry" rather
 * than a partial page.
 */
public final class TryAgainException extends RuntimeException {

    public TryAgainException(String message) {
        super(message, null, false, false);
    }
}

package io.callstream.common.logging;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * MDC entries set around a log call and removed when closed, so that they never leak to the next
 * request or record handled by the same Vert.x event loop, Kafka Streams or consumer thread:
 * <pre>{@code
 * try (LogContext ignored = LogContext.call(callId, sdkAppId)) {
 *     LOG.warn("...");
 * }
 * }</pre>
 * A null value leaves its key out (the JSON line then has no such key). Entries that were already set
 * are restored on close.
 */
public final class LogContext implements AutoCloseable {

    public static final String CALL_ID = "callId";
    public static final String SDK_APP_ID = "sdkAppId";
    public static final String EVENT_ID = "eventId";
    public static final String DELIVERY_ID = "deliveryId";
    /** The {@code RequestId} an admin API answer carries, so that a caller's report finds its log line. */
    public static final String REQUEST_ID = "requestId";

    private final List<String> keys = new ArrayList<>(4);
    private final List<String> previous = new ArrayList<>(4);

    private LogContext() {
    }

    /** An empty context to add entries to with {@link #with}. */
    public static LogContext empty() {
        return new LogContext();
    }

    /** {@code callId} and {@code sdkAppId} (either may be null). */
    public static LogContext call(String callId, Object sdkAppId) {
        return new LogContext().with(CALL_ID, callId).with(SDK_APP_ID, sdkAppId);
    }

    /** Puts {@code key} = {@code value} into the MDC until {@link #close()}; a null value is skipped. */
    public LogContext with(String key, Object value) {
        if (value != null) {
            String text = value.toString();
            if (!text.isEmpty()) {
                keys.add(key);
                previous.add(MDC.get(key));
                MDC.put(key, text);
            }
        }
        return this;
    }

    @Override
    public void close() {
        for (int i = keys.size() - 1; i >= 0; i--) {
            String before = previous.get(i);
            if (before == null) {
                MDC.remove(keys.get(i));
            } else {
                MDC.put(keys.get(i), before);
            }
        }
        keys.clear();
        previous.clear();
    }
}

package io.callstream.callbacks.delivery;

import io.callstream.common.logging.LogContext;

/** The MDC of a log line about one outbound callback: its call, SDKAppID, event and delivery ids. */
final class DeliveryLogs {

    private DeliveryLogs() {
    }

    static LogContext of(CallbackRequest r) {
        LogContext context = LogContext.call(r.callId(), r.sdkAppId()).with(LogContext.EVENT_ID, r.eventId());
        // a log line never fails the delivery it is about
        return r.body() == null ? context : context.with(LogContext.DELIVERY_ID, r.deliveryId());
    }
}

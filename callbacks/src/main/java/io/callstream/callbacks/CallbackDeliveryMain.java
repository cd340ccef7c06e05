package io.callstream.callbacks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the callbacks service ({@link CallbacksService}: the callback configuration API, outbound
 * delivery, health and metrics on {@code callbacks.http.port}, default 8092): config from built-in
 * defaults, the file named by {@code CALLSTREAM_CONFIG} and {@code CALLSTREAM_*} environment variables;
 * stops cleanly on SIGTERM/Ctrl-C. Exits 2 on an invalid configuration, 1 when it cannot start.
 */
public final class CallbackDeliveryMain {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDeliveryMain.class);

    private CallbackDeliveryMain() {
    }

    public static void main(String[] args) {
        CallbacksService service;
        try {
            CallbacksConfig config = CallbacksConfig.load();
            LOG.info("starting callbacks service with {}", config);
            service = CallbacksService.start(config);
        } catch (IllegalArgumentException e) {
            LOG.error("invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LOG.error("callbacks service could not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "callbacks-shutdown"));
    }
}

package io.callstream.processor;

import io.callstream.schemas.config.Settings;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command-line entry point: loads {@link ProcessorConfig} (defaults → {@code CALLSTREAM_CONFIG}
 * file → {@code CALLSTREAM_*} environment), starts {@link ProcessorApp}, and closes it cleanly on
 * SIGTERM/Ctrl-C.
 */
public final class ProcessorMain {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorMain.class);

    private ProcessorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ProcessorConfig config;
        try {
            Settings settings = Settings.load(ProcessorConfig.defaults());
            LOG.info("Configuration (secrets masked): {}", settings);
            config = ProcessorConfig.from(settings);
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        ProcessorApp app = ProcessorApp.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "processor-shutdown"));
        stopped.await();
    }
}

package io.callstream.ingest;

import io.callstream.ingest.config.IngestConfig;
import io.callstream.schemas.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ingest: config from built-in defaults, the file named by {@code CALLSTREAM_CONFIG} and
 * {@code CALLSTREAM_*} environment variables; graceful shutdown on SIGTERM/Ctrl-C. Exits 2 on an
 * invalid configuration, 1 when the server cannot start.
 */
public final class IngestMain {

    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

    private IngestMain() {
    }

    public static void main(String[] args) {
        IngestServer server;
        try {
            IngestConfig config = IngestConfig.from(Settings.load(IngestConfig.DEFAULTS));
            LOG.info("starting ingest with {}", config);
            server = IngestServer.start(config);
        } catch (IllegalArgumentException e) {
            LOG.error("invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LOG.error("ingest could not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "callstream-ingest-shutdown"));
    }
}

package io.callstream.common.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration in every callstream process (found through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}): {@link LogSetup} with the options of
 * the process, so {@code log.format=json} works from the same config file and environment as every other
 * setting. An operator's own Logback file ({@code -Dlogback.configurationFile=...}) replaces it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogSetup.Options options;
        try {
            options = LogSetup.resolve();
        } catch (RuntimeException e) {
            // The service's own config check stops it with the same message; until then, log as text.
            System.err.println("callstream: " + e.getMessage() + "; logging as text");
            options = LogSetup.Options.DEFAULT;
        }
        LogSetup.configure(ctx, options);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

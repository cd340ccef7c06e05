package io.callstream.deploy;

import io.callstream.common.logging.LogSetup;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.config.Settings;

/**
 * Where the command-line tools find the stack: the same keys and environment variables as the
 * local stack ({@code CALLSTREAM_KAFKA_PORT}, {@code CALLSTREAM_KAFKA_BOOTSTRAP_SERVERS}, ...), so a
 * shell that started the stack with moved ports reaches it with the same variables.
 */
public final class ToolConfig {

    private ToolConfig() {
    }

    public static StackConfig load() {
        return StackConfig.from(Settings.load(StackConfig.defaults()));
    }

    /** Logs (Kafka client chatter) to stderr at WARN unless {@code -Dcallstream.log.level} says otherwise. */
    public static void quietLogging() {
        setIfAbsent(LogSetup.LEVEL_PROPERTY, "warn");
    }

    static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

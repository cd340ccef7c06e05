package io.callstream.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.callstream.schemas.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The services' and tools' Logback setup, one appender on the root logger: {@code text} lines as
 * slf4j-simple wrote them before ({@code 2026-01-02T03:04:05.678+0000 [thread] INFO logger - message}) or
 * {@code json}, Logback's {@link JsonEncoder}: one object per line with {@code timestamp} (epoch ms),
 * {@code level}, {@code threadName}, {@code loggerName}, {@code mdc} ({@code callId}, {@code sdkAppId},
 * ... when set), {@code formattedMessage} and {@code throwable}. Root at INFO, the Kafka clients, broker
 * and Netty at WARN. Written to stderr, or to a file.
 *
 * <p>Where the choices come from: {@code log.format} of {@link Settings} (defaults → the
 * {@code CALLSTREAM_CONFIG} file → {@code CALLSTREAM_LOG_FORMAT}), and JVM system properties that win
 * over it: {@value #FORMAT_PROPERTY}, {@value #LEVEL_PROPERTY} (root level, e.g. {@code debug} or
 * {@code warn}), {@value #FILE_PROPERTY} (a file instead of stderr; the local stack's own log).
 */
public final class LogSetup {

    public static final String FORMAT_PROPERTY = "callstream.log.format";
    public static final String LEVEL_PROPERTY = "callstream.log.level";
    public static final String FILE_PROPERTY = "callstream.log.file";
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} [%thread] %level %logger - %msg%n";
    /** Loggers that say too much at INFO (every client config, every broker state change). */
    static final List<String> QUIET = List.of("org.apache.kafka", "kafka", "state.change.logger", "io.netty");
    private static final String APPENDER = "callstream";

    private LogSetup() {
    }

    /** What to configure. */
    public record Options(LogFormat format, Level level, Optional<Path> file) {

        public static final Options DEFAULT = new Options(LogFormat.TEXT, Level.INFO, Optional.empty());
    }

    /** The options of this process: system properties win over {@code log.format} of the settings. */
    public static Options resolve(Properties system, Supplier<Settings> settings) {
        String format = system.getProperty(FORMAT_PROPERTY);
        LogFormat f = format != null && !format.isBlank()
                ? LogFormat.parse(format, "-D" + FORMAT_PROPERTY)
                : LogFormat.from(settings.get());
        String level = system.getProperty(LEVEL_PROPERTY);
        Level l = level == null || level.isBlank() ? Level.INFO : Level.toLevel(level.trim(), null);
        if (l == null) {
            throw new IllegalArgumentException("-D" + LEVEL_PROPERTY + " must be a level such as info or debug, got '"
                    + level + "'");
        }
        String file = system.getProperty(FILE_PROPERTY);
        return new Options(f, l, Optional.ofNullable(file).filter(s -> !s.isBlank()).map(Path::of));
    }

    /** The options of this process from its system properties, environment and {@code CALLSTREAM_CONFIG} file. */
    public static Options resolve() {
        return resolve(System.getProperties(), () -> Settings.load(Map.of(LogFormat.KEY, LogFormat.DEFAULT)));
    }

    /** Resets {@code ctx} to one appender on the root: {@code appender} with the encoder of the format. */
    public static void configure(LoggerContext ctx, Options options, OutputStreamAppender<ILoggingEvent> appender) {
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        appender.setContext(ctx);
        appender.setName(APPENDER);
        appender.setEncoder(encoder(ctx, options.format()));
        appender.start();
        root.setLevel(options.level());
        root.addAppender(appender);
        Level quiet = options.level().isGreaterOrEqual(Level.WARN) ? options.level() : Level.WARN;
        QUIET.forEach(name -> ctx.getLogger(name).setLevel(quiet));
    }

    /** Configures {@code ctx} for stderr or the file the options name. */
    public static void configure(LoggerContext ctx, Options options) {
        configure(ctx, options, appender(options));
    }

    static OutputStreamAppender<ILoggingEvent> appender(Options options) {
        if (options.file().isPresent()) {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(options.file().get().toString());
            file.setAppend(true);
            return file;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget("System.err");
        return console;
    }

    static Encoder<ILoggingEvent> encoder(LoggerContext ctx, LogFormat format) {
        if (format == LogFormat.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(ctx);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(ctx);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }
}

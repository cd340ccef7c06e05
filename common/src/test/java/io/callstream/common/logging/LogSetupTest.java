package io.callstream.common.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.schemas.config.Settings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

class LogSetupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DEFAULTS = Map.of(LogFormat.KEY, LogFormat.DEFAULT);

    private final LoggerContext ctx = new LoggerContext();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        ctx.stop();
        MDC.clear();
    }

    @Test
    void shouldWriteOneParseableJsonObjectPerLineWhenTheFormatIsJson() throws Exception {
        Logger log = configured(LogFormat.JSON).getLogger("io.callstream.ingest.http.CallbackHandler");

        try (LogContext ignored = LogContext.call("call-1", 1400000001L)) {
            log.info("webhook dead-lettered ({}): {}", 40001, "body: \"Hello\" is not JSON\nsecond line");
        }
        log.warn("no call here", new IllegalStateException("broken\nacross lines"));

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo("io.callstream.ingest.http.CallbackHandler");
        assertThat(first.path("formattedMessage").asText())
                .isEqualTo("webhook dead-lettered (40001): body: \"Hello\" is not JSON\nsecond line");
        assertThat(first.path("timestamp").isIntegralNumber()).isTrue();
        assertThat(first.path("mdc").path("callId").asText()).isEqualTo("call-1");
        assertThat(first.path("mdc").path("sdkAppId").asText()).isEqualTo("1400000001");
        JsonNode second = lines.get(1);
        assertThat(second.path("level").asText()).isEqualTo("WARN");
        assertThat(second.path("mdc").has("callId")).isFalse();
        assertThat(second.path("mdc").has("sdkAppId")).isFalse();
        assertThat(second.path("throwable").path("message").asText()).isEqualTo("broken\nacross lines");
    }

    @Test
    void shouldWriteReadableTextLinesWhenTheFormatIsText() {
        Logger log = configured(LogFormat.TEXT).getLogger("io.callstream.processor.ProcessorApp");

        try (LogContext ignored = LogContext.call("call-1", 1400000001L)) {
            log.info("Processor closing");
        }

        assertThat(out.toString(StandardCharsets.UTF_8))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} \\[[^]]+] INFO "
                        + "io\\.callstream\\.processor\\.ProcessorApp - Processor closing\\R");
    }

    @Test
    void shouldKeepKafkaClientsAtWarnWhenTheRootIsAtInfo() {
        LoggerContext configured = configured(LogFormat.TEXT);

        configured.getLogger("org.apache.kafka.clients.producer.ProducerConfig").info("every producer setting");
        configured.getLogger("io.callstream.callbacks.delivery.Disabling").info("state change");

        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("every producer setting").contains("state change");
    }

    @Test
    void shouldRestoreTheMdcWhenALogContextCloses() {
        MDC.put(LogContext.CALL_ID, "outer");

        try (LogContext ignored = LogContext.call("inner", 7).with(LogContext.DELIVERY_ID, "d-1")) {
            assertThat(MDC.get(LogContext.CALL_ID)).isEqualTo("inner");
            assertThat(MDC.get(LogContext.DELIVERY_ID)).isEqualTo("d-1");
        }

        assertThat(MDC.get(LogContext.CALL_ID)).isEqualTo("outer");
        assertThat(MDC.get(LogContext.SDK_APP_ID)).isNull();
        assertThat(MDC.get(LogContext.DELIVERY_ID)).isNull();
    }

    @Test
    void shouldLeaveAKeyOutWhenItsValueIsNull() {
        try (LogContext ignored = LogContext.call(null, 1400000001L)) {
            assertThat(MDC.getCopyOfContextMap()).containsOnlyKeys(LogContext.SDK_APP_ID);
        }
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void shouldChooseJsonWhenTheEnvironmentSaysSo() {
        LogSetup.Options options = LogSetup.resolve(new Properties(),
                () -> Settings.load(DEFAULTS, Optional.empty(), Map.of("CALLSTREAM_LOG_FORMAT", "json")));

        assertThat(options.format()).isEqualTo(LogFormat.JSON);
        assertThat(options.level()).isEqualTo(Level.INFO);
        assertThat(options.file()).isEmpty();
    }

    @Test
    void shouldLogAsTextWhenNothingIsSet() {
        LogSetup.Options options = LogSetup.resolve(new Properties(),
                () -> Settings.load(DEFAULTS, Optional.empty(), Map.of()));

        assertThat(options).isEqualTo(LogSetup.Options.DEFAULT);
    }

    @Test
    void shouldLetTheSystemPropertiesWinWhenBothAreSet() {
        Properties system = new Properties();
        system.setProperty(LogSetup.FORMAT_PROPERTY, "text");
        system.setProperty(LogSetup.LEVEL_PROPERTY, "warn");

        LogSetup.Options options = LogSetup.resolve(system,
                () -> Settings.load(DEFAULTS, Optional.empty(), Map.of("CALLSTREAM_LOG_FORMAT", "json")));

        assertThat(options.format()).isEqualTo(LogFormat.TEXT);
        assertThat(options.level()).isEqualTo(Level.WARN);
    }

    @Test
    void shouldNameTheKeyAndItsVariableWhenTheFormatIsUnknown() {
        assertThatThrownBy(() -> LogFormat.from(Settings.of(Map.of(LogFormat.KEY, "yaml"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log.format").hasMessageContaining("CALLSTREAM_LOG_FORMAT")
                .hasMessageContaining("text or json").hasMessageContaining("'yaml'");
    }

    private LoggerContext configured(LogFormat format) {
        ctx.setMDCAdapter(MDC.getMDCAdapter());
        ctx.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setOutputStream(out);
        LogSetup.configure(ctx, new LogSetup.Options(format, Level.INFO, Optional.empty()), appender);
        return ctx;
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}

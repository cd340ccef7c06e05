package io.callstream.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TelemetryTest {

    @Test
    void shouldExposeBuildInfoAndJvmMetersWhenBound() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Telemetry ignored = Telemetry.bind(registry, "ingest")) {
            Gauge info = registry.get("callstream.build.info").tag("service", "ingest").gauge();
            assertThat(info.value()).isEqualTo(1.0);
            assertThat(info.getId().getTag("java")).isEqualTo(System.getProperty("java.version"));
            assertThat(info.getId().getTag("version")).isNotBlank();
            assertThat(registry.find("jvm.memory.used").gauges()).isNotEmpty();
            assertThat(registry.find("jvm.gc.memory.allocated").counter()).isNotNull();
            assertThat(registry.find("jvm.classes.loaded").gauge()).isNotNull();
            assertThat(registry.find("process.uptime").timeGauge()).isNotNull();
        }
    }
}

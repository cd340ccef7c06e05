package io.callstream.common.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * What every service's {@code /metrics} has besides its own meters: {@code callstream_build_info{service,version,java}}
 * (always 1) and the JVM's memory, GC, thread, class-loading, CPU and uptime meters ({@code jvm_*},
 * {@code process_*}, {@code system_*}), so that one dashboard reads every service alike.
 */
public final class Telemetry implements AutoCloseable {

    private final JvmGcMetrics gc;

    private Telemetry(JvmGcMetrics gc) {
        this.gc = gc;
    }

    /** Binds the build info of {@code service} and the JVM meters to {@code registry}; close to stop the GC listener. */
    public static Telemetry bind(MeterRegistry registry, String service) {
        Gauge.builder("callstream.build.info", () -> 1)
                .tag("service", service)
                .tag("version", version())
                .tag("java", System.getProperty("java.version", "unknown"))
                .description("callstream build information; always 1").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new Telemetry(gc);
    }

    /** The version in the jar's manifest, or {@code dev} when run from classes. */
    static String version() {
        String v = Telemetry.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    @Override
    public void close() {
        gc.close();
    }
}

package io.callstream.callbacks.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Delivery metrics (Prometheus names): {@code callstream_callback_deliveries_total{result}} (delivered,
 * dead_lettered, refused), {@code callstream_callback_delivery_seconds{result}} (first attempt to final
 * result), {@code callstream_callback_retries_total}, {@code callstream_callback_events_total{outcome}}
 * (matched, not_matched, undecodable), {@code callstream_callback_summaries_total{outcome}} (matched,
 * not_matched, unchanged, unmapped, undecodable), {@code callstream_callback_pending_events} and
 * {@code callstream_callback_consumer_lag} (records behind the end of {@code call-events} and {@code call-summaries}),
 * {@code callstream_callback_parked_total} (callbacks parked on the retry topic), {@code callstream_callback_unhandled_total{reason}}
 * (records dead-lettered because they could not be handled at all), {@code callstream_callback_parked_waiting} (parked
 * callbacks this instance holds until their due time).
 */
final class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Counter retries;
    private final Counter disabled;
    private final AtomicLong lag = new AtomicLong();

    DeliveryMetrics(MeterRegistry registry, Supplier<Number> pending) {
        this.registry = registry;
        this.retries = Counter.builder("callstream.callback.retries").description("callback attempts retried").register(registry);
        Gauge.builder("callstream.callback.pending.events", pending).description("events read and not yet fully handled").register(registry);
        Gauge.builder("callstream.callback.consumer.lag", lag, AtomicLong::get).description("records behind the end of call-events").register(registry);
        // registered at 0, so that alert rules see the first increment (rate() of a series born at 1 misses it)
        for (String result : new String[] {"delivered", "dead_lettered", "refused"}) {
            Counter.builder("callstream.callback.deliveries").tag("result", result).register(registry);
            Timer.builder("callstream.callback.delivery").tag("result", result).register(registry);
        }
        disabled = Counter.builder("callstream.callback.endpoints.disabled")
                .description("callback addresses disabled after failing too long").register(registry);
    }

    void delivered(String result, Duration took) {
        Counter.builder("callstream.callback.deliveries").tag("result", result).register(registry).increment();
        Timer.builder("callstream.callback.delivery").tag("result", result).register(registry).record(took);
    }

    void parkedWaiting(Supplier<Number> held) {
        Gauge.builder("callstream.callback.parked.waiting", held).description("parked callbacks held until their due time").register(registry);
    }

    void disabled() {
        disabled.increment();
    }

    void parked() {
        Counter.builder("callstream.callback.parked").description("callbacks parked on the retry topic").register(registry).increment();
    }

    void failed(String reason) {
        Counter.builder("callstream.callback.unhandled").tag("reason", reason).description("records dead-lettered unhandled").register(registry).increment();
    }

    void retried() {
        retries.increment();
    }

    void event(String outcome) {
        Counter.builder("callstream.callback.events").tag("outcome", outcome).register(registry).increment();
    }

    void summary(String outcome) {
        Counter.builder("callstream.callback.summaries").tag("outcome", outcome).register(registry).increment();
    }

    void lag(long records) {
        lag.set(records);
    }
}

package io.callstream.processor.records;

import io.callstream.common.auth.AdminAccounts;
import io.callstream.schemas.config.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * The call-records API's part of the processor configuration ({@code records.*} keys).
 *
 * @param retention       {@code records.retention}: how long a call stays queryable, counted from its start (1h..90d)
 * @param expiryInterval  {@code records.expiry.interval}: how often the wall-clock punctuator drops expired records
 * @param retryTimeout    {@code records.query.retry.timeout}: how long a query retries while a partition is
 *                        rebalancing, restoring or its owner unreachable, before answering "try again"
 * @param advertisedHost  {@code records.advertised.host}: the host other instances reach this one's HTTP port on;
 *                        with the bound port it becomes Kafka Streams' {@code application.server}
 * @param httpThreads     {@code records.http.threads}: threads serving the processor's HTTP port
 * @param accounts        administrators ({@code records.admins}) and UserSig keys ({@code records.secret.keys})
 */
public record RecordsConfig(Duration retention, Duration expiryInterval, Duration retryTimeout, String advertisedHost,
                            int httpThreads, AdminAccounts accounts) {

    public static final Duration MAX_RETENTION = Duration.ofDays(90);

    public static void addDefaults(Map<String, String> d) {
        d.put("records.retention", "7d");
        d.put("records.expiry.interval", "1m");
        d.put("records.query.retry.timeout", "5s");
        d.put("records.advertised.host", "127.0.0.1");
        d.put("records.http.threads", "8");
        d.put("records.admins", "1400000001:administrator");
        d.put("records.secret.keys", "");
    }

    public static RecordsConfig from(Settings s) {
        RecordsConfig c = new RecordsConfig(s.duration("records.retention"), s.duration("records.expiry.interval"),
                s.duration("records.query.retry.timeout"), s.string("records.advertised.host"),
                s.integer("records.http.threads"), AdminAccounts.from(s, "records.admins", "records.secret.keys"));
        if (c.retention.compareTo(Duration.ofHours(1)) < 0 || c.retention.compareTo(MAX_RETENTION) > 0) {
            throw new IllegalArgumentException("records.retention must be 1h..90d, got " + c.retention);
        }
        if (c.expiryInterval.isZero() || c.expiryInterval.isNegative() || c.retryTimeout.isNegative()) {
            throw new IllegalArgumentException("records.expiry.interval must be positive and records.query.retry.timeout"
                    + " not negative");
        }
        if (c.httpThreads < 2) {
            throw new IllegalArgumentException("records.http.threads must be at least 2 (a forwarded query waits for"
                    + " another instance's answer), got " + c.httpThreads);
        }
        return c;
    }
}

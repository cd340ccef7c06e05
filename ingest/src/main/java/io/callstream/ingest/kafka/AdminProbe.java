package io.callstream.ingest.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Kafka reachability for readiness: an Admin {@code describeCluster} with a short timeout (blocking). */
public final class AdminProbe implements BooleanSupplier, AutoCloseable {

    private final Admin admin;
    private final Duration timeout;

    /** From the producer's properties; keys the Admin client does not know are left out. */
    public AdminProbe(Map<String, Object> producerProps, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        producerProps.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, producerProps.getOrDefault("client.id", "callstream-ingest")
                + "-health");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(props);
        this.timeout = timeout;
    }

    @Override
    public boolean getAsBoolean() {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes at once: nothing is worth waiting for (readiness stops probing before this is closed). */
    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }
}

package io.callstream.reliability;

import io.callstream.deploy.stack.LocalStack;
import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.config.Settings;
import io.callstream.testkit.ChildProcess;
import io.callstream.testkit.FreePorts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stack under test: deploy's {@link LocalStack} (embedded broker, Apicurio registry, ingest,
 * processor and callbacks as child JVMs) on free ports with its data in one folder, plus what the
 * suite needs to know about it (addresses, pids of the children).
 */
public final class SuiteStack implements AutoCloseable {

    /**
     * Service settings the suite runs with: the defaults, i.e. the processor's 10 s settle delay, the
     * reordering a deployment tolerates (an outage that holds a call's callbacks back longer than
     * that can change a decision; docs/RELIABILITY.md).
     */
    /**
     * Every probe comes from 127.0.0.1: callbacks' limit of failed authentications per source address
     * (30 a minute, tested in callbacks' own tests) would refuse the probes that follow the forged ones.
     * Lifted here, so that the suite checks what it is for: forged requests never use up an app's own limit.
     */
    static final Map<String, String> SERVICE_ENV = Map.of("CALLSTREAM_CALLBACKS_AUTH_FAILURES_PER_MINUTE", "1000000");

    /**
     * The demo app first (the fuzz, the chaos runs and the admin probes use it; the probes take its
     * SDKAppID + 1 as an app unknown to the server), then a second app, so that the records probes can
     * check that one app's administrator never reads another app's calls.
     */
    static final String SUITE_SDKAPPIDS = "1400000001,1400000777";

    private final StackConfig config;
    private final LocalStack stack;

    private SuiteStack(StackConfig config, LocalStack stack) {
        this.config = config;
        this.stack = stack;
    }

    /** Starts the whole stack in {@code dataDir} on free ports; the services' logs are in {@code <dataDir>/logs}. */
    public static SuiteStack start(Path dataDir, String childHeap) {
        Map<String, String> env = new HashMap<>();
        env.put("CALLSTREAM_DATA_DIR", dataDir.toString());
        env.put("CALLSTREAM_KAFKA_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_KAFKA_CONTROLLER_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_REGISTRY_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_HTTP_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_PROCESSOR_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_CALLBACKS_HTTP_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_CHILD_HEAP", childHeap);
        env.put("CALLSTREAM_SDKAPPIDS", SUITE_SDKAPPIDS);
        StackConfig config = StackConfig.from(Settings.load(StackConfig.defaults(), Optional.empty(), env));
        LocalStack stack = new LocalStack(config, System.getProperty("java.class.path"),
                List.of("ingest", "processor", "callbacks")).serviceEnvironment(SERVICE_ENV);
        stack.start();
        return new SuiteStack(config, stack);
    }

    public StackConfig config() {
        return config;
    }

    public LocalStack stack() {
        return stack;
    }

    public long sdkAppId() {
        return config.demoSdkAppId();
    }

    /** The second app the stack serves (see {@link #SUITE_SDKAPPIDS}). */
    public long otherSdkAppId() {
        return Long.parseLong(config.sdkAppIds().get(1));
    }

    /** pid of a running child, -1 when it is not running. */
    public long pid(String instance) {
        return stack.child(instance).filter(ChildProcess::isAlive).map(ChildProcess::pid).orElse(-1L);
    }

    @Override
    public void close() {
        stack.close();
    }
}

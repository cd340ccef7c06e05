package io.callstream.deploy;

import io.callstream.deploy.stack.StackConfig;
import io.callstream.schemas.config.Settings;
import io.callstream.testkit.FreePorts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Environments for stacks in tests: free ports, a given data folder. */
final class StackFixtures {

    private StackFixtures() {
    }

    /** The CALLSTREAM_* variables of a stack on free ports with data in {@code data}. */
    static Map<String, String> environment(Path data) {
        Map<String, String> env = new HashMap<>();
        env.put("CALLSTREAM_DATA_DIR", data.toString());
        env.put("CALLSTREAM_KAFKA_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_KAFKA_CONTROLLER_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_REGISTRY_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_HTTP_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_PROCESSOR_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_CALLBACKS_HTTP_PORT", String.valueOf(FreePorts.pick()));
        env.put("CALLSTREAM_PARTITIONS", "3");
        return env;
    }

    static StackConfig config(Map<String, String> env) {
        return StackConfig.from(Settings.load(StackConfig.defaults(), Optional.empty(), env));
    }
}

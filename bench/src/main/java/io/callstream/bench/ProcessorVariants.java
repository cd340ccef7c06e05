package io.callstream.bench;

import io.callstream.schemas.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Processor settings the latency phases (end to end, alert-commit) compare back to back, from
 * {@code --processor-kafka}: variants separated by {@code ;}, each a comma-separated list of
 * {@code key=value} Kafka client settings ({@code kafka.} prefix implied) or {@code default} for the
 * processor's own defaults. {@code "default;linger.ms=0;linger.ms=5"} runs three processors per step.
 * Each variant becomes {@code CALLSTREAM_KAFKA_*} environment variables for the processor JVM only.
 */
record ProcessorVariants(List<Variant> variants) {

    /** One processor configuration: a label for the tables and the environment it adds. */
    record Variant(String label, Map<String, String> env) {
    }

    /** The processor's defaults only: what a run without {@code --processor-kafka} measures. */
    static ProcessorVariants defaults() {
        return new ProcessorVariants(List.of(new Variant("default", Map.of())));
    }

    static ProcessorVariants parse(String spec) {
        List<Variant> out = new ArrayList<>();
        for (String v : spec.split(";")) {
            String trimmed = v.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.equals("default")) {
                out.add(new Variant("default", Map.of()));
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (String pair : trimmed.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new IllegalArgumentException("--processor-kafka: expected key=value, got '" + pair.trim()
                            + "' in '" + spec + "'");
                }
                String key = pair.substring(0, eq).trim();
                env.put(Settings.envName(key.startsWith("kafka.") ? key : "kafka." + key), pair.substring(eq + 1).trim());
            }
            out.add(new Variant(trimmed.replace(",", ", "), Map.copyOf(env)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--processor-kafka names no variant: '" + spec + "'");
        }
        return new ProcessorVariants(List.copyOf(out));
    }

    /** The first variant: the one the targets table and the single-run tables report. */
    Variant first() {
        return variants.get(0);
    }
}

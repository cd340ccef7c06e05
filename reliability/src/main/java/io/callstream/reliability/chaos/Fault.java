package io.callstream.reliability.chaos;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The faults the chaos scenario injects while traffic runs; {@link #label} is the command-line name. */
public enum Fault {
    PROCESSOR_KILL("processor-kill", "processor SIGKILL, then restart"),
    INGEST_TERM("ingest-term", "ingest SIGTERM (graceful), then restart"),
    INGEST_KILL("ingest-kill", "ingest SIGKILL, then restart"),
    BROKER_RESTART("broker-restart", "broker clean shutdown and restart (same data, same ports)"),
    REGISTRY_RESTART("registry-restart", "schema registry stopped and restarted"),
    PROCESSOR_JOIN_LEAVE("processor-join-leave", "a second processor instance joins, then leaves (SIGTERM)");

    private final String label;
    private final String description;

    Fault(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** {@code all}, or a comma list of labels. */
    public static List<Fault> parse(String spec) {
        if (spec.isBlank() || spec.equals("none")) {
            return List.of();
        }
        if (spec.equals("all")) {
            return List.of(values());
        }
        return Arrays.stream(spec.split(",")).map(String::trim).map(s -> Arrays.stream(values())
                .filter(f -> f.label.equals(s.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + s + "'; known: "
                        + Arrays.stream(values()).map(Fault::label).toList()))).toList();
    }
}

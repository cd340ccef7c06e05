package io.callstream.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1-minute load average (Linux {@code /proc/loadavg}), for the report. */
final class LoadAverage {

    private LoadAverage() {
    }

    static String read() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}

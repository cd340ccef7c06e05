package io.callstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1-minute load average (from {@code /proc/loadavg}), noted beside every figure: the machine is shared. */
final class LoadAverage {

    private LoadAverage() {
    }

    static String now() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0];
        } catch (Exception e) {
            return "n/a";
        }
    }
}

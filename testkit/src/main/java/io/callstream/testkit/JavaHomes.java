package io.callstream.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds installed JDKs and their feature versions (from each JDK's {@code release} file). */
public final class JavaHomes {

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private JavaHomes() {
    }

    /** The newest JDK of at least {@code minFeature}: env CALLSTREAM_JAVA21_HOME first, then this JVM, then installed ones. */
    public static Optional<Path> atLeast(int minFeature) {
        String env = System.getenv("CALLSTREAM_JAVA21_HOME");
        if (env != null && !env.isBlank() && feature(Path.of(env)) >= minFeature) {
            return Optional.of(Path.of(env));
        }
        Path current = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= minFeature) {
            return Optional.of(current);
        }
        return candidates().stream()
                .filter(p -> feature(p) >= minFeature)
                .max(Comparator.comparingInt(JavaHomes::feature));
    }

    static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        for (String root : List.of("/usr/lib/jvm", "/opt/java", "/usr/java", "/Library/Java/JavaVirtualMachines")) {
            Path dir = Path.of(root);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> {
                    out.add(p);
                    out.add(p.resolve("Contents/Home"));
                });
            } catch (IOException ignored) {
                // an unreadable folder holds no usable JDK
            }
        }
        return out.stream().filter(p -> Files.isExecutable(p.resolve("bin/java"))).toList();
    }

    /** The feature version of the JDK at {@code home}, 0 when unknown. */
    public static int feature(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

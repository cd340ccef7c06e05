package io.callstream.deploy.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/** Command-line time values: durations ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}) and instants. */
final class TimeArgs {

    private TimeArgs() {
    }

    static Duration duration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration such as 500ms, 30s, 15m, 2h, 7d");
        }
    }

    /** An ISO-8601 instant ({@code 2026-12-06T10:00:00Z}), or a duration meaning that long before {@code now}. */
    static Instant instant(String text, Instant now) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                return now.minus(duration(text));
            } catch (CommandLine.TypeConversionException d) {
                throw new CommandLine.TypeConversionException("'" + text
                        + "' is neither an instant such as 2026-12-06T10:00:00Z nor a duration back from now such as 2h");
            }
        }
    }

    /** picocli converter for duration options. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return duration(value);
        }
    }

    /** picocli converter for instant options (absolute, or relative to now). */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return instant(value, Instant.now());
        }
    }
}

package io.smsync.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 45s}, {@code 2m}, {@code 24h}, {@code 90d}, {@code 0} or ISO-8601 {@code PT45S}. */
public final class Durations {
    // Far beyond any sensible window or cooldown, and small enough that Instant and toMillis() never overflow.
    private static final Duration MAX = Duration.ofDays(36_500);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** Parses {@code text}; a bad or negative value is a {@link ConfigException} naming {@code variable}. */
    public static Duration parse(String variable, String text) {
        Duration parsed = parseUnchecked(variable, text);
        if (parsed.compareTo(MAX) > 0) {
            throw new ConfigException(variable + ": '" + text.trim() + "' is too long; the most is 36500d (100 years)");
        }
        return parsed;
    }

    private static Duration parseUnchecked(String variable, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (value.startsWith("p")) {
            try {
                Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
                if (!parsed.isNegative()) {
                    return parsed;
                }
            } catch (DateTimeParseException ignored) {
                // reported below
            }
        }
        throw new ConfigException(variable + ": cannot read '" + text + "' as a duration; use 500ms, 45s, 2m, 24h, 90d, 0 or ISO-8601 like PT45S");
    }

    /** The short form ({@code 60s}, {@code 500ms}, {@code 2m}, {@code 24h}) for logs. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        if (millis % 86_400_000 == 0 && millis >= 2 * 86_400_000L) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis >= 120_000) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}

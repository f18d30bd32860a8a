package io.smsync.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Reads typed values from the environment; blank counts as unset, and a bad value names its variable. */
final class EnvReader {
    private final Map<String, String> env;

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /** The trimmed value, or null when unset or blank. */
    String optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    String string(String name, String fallback) {
        String value = optional(name);
        return value == null ? fallback : value;
    }

    Duration duration(String name, String fallback) {
        return Durations.parse(name, string(name, fallback));
    }

    int integer(String name, int fallback, int min, int max) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(name + ": must be a whole number from " + min + " to " + max + " (got '" + value + "')");
    }

    boolean bool(String name, boolean fallback) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name + ": must be true or false (also 1/0, yes/no, on/off; got '" + value + "')");
        };
    }
}

package io.smsync.logging;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The configured secret values (tokens, keys, passwords) that no log line and no start-up error may show:
 * every message and stack trace Logback writes passes through {@link #mask}, whatever its source, a
 * driver's error message included.
 */
public final class LogSecrets {
    /**
     * Values shorter than this are not masked: replacing "abc" or "1" everywhere would mangle ordinary
     * words, ids and numbers in every line, and a value that short protects nothing anyway.
     */
    static final int MIN_LENGTH = 4;

    private static volatile List<String> secrets = List.of();

    private LogSecrets() {
    }

    /** Set once at start from the configuration; replaces the values registered before. */
    public static void register(Collection<String> values) {
        secrets = values.stream().filter(Objects::nonNull)
                .flatMap(value -> Stream.of(value, value.strip()))
                .filter(value -> value.length() >= MIN_LENGTH)
                .distinct()
                // Longest first, so a secret that contains another is hidden whole.
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** The text with every occurrence of a registered secret replaced by {@code ***}. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, "***");
        }
        return masked;
    }
}

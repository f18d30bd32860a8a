package io.smsync.sms;

import java.util.Locale;
import java.util.Set;

/** The compliance keywords (STOP, START, HELP and their synonyms), recognised only as the whole message (case, spaces and punctuation aside). */
public enum Keyword {
    STOP, START, HELP, NONE;

    private static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    private static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");
    private static final Set<String> HELP_WORDS = Set.of("HELP", "INFO");

    /** The longest keyword; a longer word (punctuation, symbols and spaces around it aside) is none. */
    private static final int LONGEST = 11;

    public static Keyword of(String text) {
        // Trims what the pattern ^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$ would, without a regular expression: this runs per message.
        int start = 0;
        int end = text.length();
        while (start < end && trimmed(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && trimmed(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        if (end - start > LONGEST) {
            return NONE;
        }
        String word = text.substring(start, end).toUpperCase(Locale.ROOT);
        if (STOP_WORDS.contains(word)) {
            return STOP;
        }
        if (START_WORDS.contains(word)) {
            return START;
        }
        return HELP_WORDS.contains(word) ? HELP : NONE;
    }

    /** Punctuation, symbols and white space, as {@code \p{P}}, {@code \p{S}} and {@code \s} match them. */
    private static boolean trimmed(int c) {
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}

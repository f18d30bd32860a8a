package io.smsync.sms;

import java.util.Locale;
import java.util.Set;

/** The compliance keywords (STOP, START, HELP and their synonyms), recognised only as the whole message (case, spaces and punctuation aside). */
public enum Keyword {
    STOP, START, HELP, NONE;

    private static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    private static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");
    private static final Set<String> HELP_WORDS = Set.of("HELP", "INFO");

    public static Keyword of(String text) {
        String word = text.replaceAll("^[\\p{P}\\p{S}\\s]+|[\\p{P}\\p{S}\\s]+$", "").toUpperCase(Locale.ROOT);
        if (STOP_WORDS.contains(word)) {
            return STOP;
        }
        if (START_WORDS.contains(word)) {
            return START;
        }
        return HELP_WORDS.contains(word) ? HELP : NONE;
    }
}

package io.smsync.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %msg} with the configured secrets always masked ({@link LogSecrets}) and phone numbers
 * masked ({@code +16502530000} → {@code +1650•••0000}) while {@code SMSYNC_LOG_REDACT} is on. One place
 * for every log line, whichever class wrote it.
 */
public final class RedactingMessageConverter extends MessageConverter {
    /** An E.164 number's digits after the '+', as the masking counts them. */
    private static final int MIN_DIGITS = 8;
    private static final int MAX_DIGITS = 15;
    private static volatile boolean enabled = true;

    /** Set once at start from {@code SMSYNC_LOG_REDACT}. */
    public static void enable(boolean on) {
        enabled = on;
    }

    public static boolean enabled() {
        return enabled;
    }

    @Override
    public String convert(ILoggingEvent event) {
        String message = LogSecrets.mask(super.convert(event));
        return enabled ? mask(message) : message;
    }

    /**
     * Keeps the country code and a little more, and the last four digits, of each E.164 number: what the regex
     * {@code \+\d{8,15}} finds (a '+' and 8 to 15 ASCII digits, the longest run it can; digits past the fifteenth
     * stay as they are), replaced by its first five chars, "•••" and its last four. Scanned by hand: every log line
     * passes through here. {@code RedactingMessageConverterTest} compares it with the regex.
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        int plus = text.indexOf('+');
        if (plus < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        while (plus >= 0) {
            int digits = 0;
            while (digits < MAX_DIGITS && plus + 1 + digits < text.length() && isAsciiDigit(text.charAt(plus + 1 + digits))) {
                digits++;
            }
            if (digits < MIN_DIGITS) {
                plus = text.indexOf('+', plus + 1);
                continue;
            }
            int end = plus + 1 + digits;
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, plus).append(text, plus, plus + 5).append("•••").append(text, end - 4, end);
            copied = end;
            plus = text.indexOf('+', end);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

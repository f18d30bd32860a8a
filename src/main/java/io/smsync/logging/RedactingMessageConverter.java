package io.smsync.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logback's {@code %msg} with the configured secrets always masked ({@link LogSecrets}) and phone numbers
 * masked ({@code +16502530000} → {@code +1650•••0000}) while {@code SMSYNC_LOG_REDACT} is on. One place
 * for every log line, whichever class wrote it.
 */
public final class RedactingMessageConverter extends MessageConverter {
    private static final Pattern E164 = Pattern.compile("\\+\\d{8,15}");
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

    /** Keeps the country code and a little more, and the last four digits. */
    public static String mask(String text) {
        if (text == null || text.indexOf('+') < 0) {
            return text;
        }
        Matcher m = E164.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String number = m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(number.substring(0, 5) + "•••" + number.substring(number.length() - 4)));
        }
        m.appendTail(out);
        return out.toString();
    }
}

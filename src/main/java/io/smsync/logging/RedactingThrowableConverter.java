package io.smsync.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Logback's {@code %ex} (stack traces) with the configured secrets always masked, as in {@code %msg}; while
 * {@code SMSYNC_LOG_REDACT} is on, phone numbers are masked too and the messages of JSON parser exceptions,
 * which quote the text they failed on (a customer's body), are replaced by their length.
 */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
    private static final String JSON_PARSER_PACKAGE = "com.fasterxml.jackson.";

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        String trace = super.throwableProxyToString(proxy);
        if (RedactingMessageConverter.enabled()) {
            for (String message : parserMessages(proxy)) {
                // Also hides it where a wrapper repeats it (new RuntimeException(cause) takes the cause's text).
                trace = trace.replace(message, "(message hidden by SMSYNC_LOG_REDACT: " + message.length() + " characters)");
            }
        }
        trace = LogSecrets.mask(trace);
        return RedactingMessageConverter.enabled() ? RedactingMessageConverter.mask(trace) : trace;
    }

    /** The messages of the JSON parser exceptions among this throwable, its causes and suppressed ones, longest first. */
    private static List<String> parserMessages(IThrowableProxy proxy) {
        List<String> messages = new ArrayList<>();
        collect(proxy, messages, Collections.newSetFromMap(new IdentityHashMap<>()));
        messages.sort((a, b) -> b.length() - a.length());
        return messages;
    }

    private static void collect(IThrowableProxy proxy, List<String> messages, Set<IThrowableProxy> seen) {
        if (proxy == null || !seen.add(proxy)) {
            return;
        }
        if (proxy.getClassName().startsWith(JSON_PARSER_PACKAGE) && proxy.getMessage() != null && !proxy.getMessage().isEmpty()) {
            messages.add(proxy.getMessage());
        }
        collect(proxy.getCause(), messages, seen);
        for (IThrowableProxy suppressed : proxy.getSuppressed()) {
            collect(suppressed, messages, seen);
        }
    }
}

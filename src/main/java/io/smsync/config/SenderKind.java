package io.smsync.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The outbound SMS senders of {@code SMSYNC_SENDER}. */
public enum SenderKind {
    LOG, TWILIO, SMSGATE, HTTPSMS, SMSSYNC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SenderKind parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new ConfigException("SMSYNC_SENDER: unknown sender '" + text + "'; use one of "
                        + Arrays.stream(values()).map(SenderKind::wireName).collect(Collectors.joining(", "))));
    }
}

package io.smsync.store;

import java.util.Locale;

/** Where a reply stands: written (pending), handed to the sender (sending), and its outcome. */
public enum ReplyStatus {
    PENDING, SENDING, SENT, SKIPPED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReplyStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}

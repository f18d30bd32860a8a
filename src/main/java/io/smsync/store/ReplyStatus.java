package io.smsync.store;

import java.util.Locale;

/**
 * Where a reply stands: written or waiting for a retry ({@code pending}), being handed to the sender
 * ({@code sending}), waiting for the phone to fetch it ({@code queued}), and its outcome: {@code sent},
 * {@code skipped}, {@code failed} after its tries, or {@code unknown} when a send may or may not have gone out.
 */
public enum ReplyStatus {
    PENDING, SENDING, QUEUED, SENT, SKIPPED, FAILED, UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReplyStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
